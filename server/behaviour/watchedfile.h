#pragma once

#include <QByteArray>
#include <QObject>

class QFileSystemWatcher;
class QTimer;

namespace Duplex {

// A file that duplex-server follows (--rules, --script): changed() with its new bytes whenever it changes on disk,
// also when an editor saves by writing a new file and renaming it over the old one, and on reload() (SIGHUP).
class WatchedFile final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WatchedFile)

public:
    static constexpr qint64 MaxBytes = 16 * 1024 * 1024;

    explicit WatchedFile(const QString &path, QObject *parent = nullptr);
    ~WatchedFile() override;

    QString path() const { return m_path; }
    // The whole file now (empty with *error set when it cannot be read); remembered, so that an unchanged file
    // does not signal.
    QByteArray read(QString *error);
    void watch();
    void reload(); // changed() even if the bytes are the same

Q_SIGNALS:
    void changed(const QByteArray &bytes);

private:
    void check();
    void rewatch();

    QString m_path;
    QByteArray m_last;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_debounce = nullptr;
    bool m_force = false;
};

} // namespace Duplex
