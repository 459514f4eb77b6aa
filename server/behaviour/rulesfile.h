#pragma once

#include "ruleset.h"

#include <QObject>

#include <memory>

namespace Duplex {

class WatchedFile;

// A rules table kept in a JSON file (duplex-server --rules, the desktop's Import/Export): read whole and checked
// whole, and watched so that an edit on disk applies at once. A bad edit is reported and the previous rules stay.
class RulesFile final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RulesFile)

public:
    explicit RulesFile(const QString &path, QObject *parent = nullptr);
    ~RulesFile() override;

    QString path() const;
    // Reads and checks the file now; null with *error set ("rules.json: rule 2 \"sum\": …").
    std::shared_ptr<const RuleSet> load(QString *error);
    // Reloads when the file changes on disk (also when an editor replaces it) and on reload().
    void watch();
    // Reads the file again even if it looks unchanged (SIGHUP): reloaded() or reloadFailed() follows.
    void reload();

    static std::optional<RuleSet> read(const QString &path, QString *error);
    // Pretty JSON with a newline at the end, as a person would keep it in a repository.
    static bool write(const QString &path, const RuleSet &rules, QString *error);

Q_SIGNALS:
    void reloaded(const std::shared_ptr<const Duplex::RuleSet> &rules);
    void reloadFailed(const QString &error);

private:
    static std::optional<RuleSet> parse(const QString &path, const QByteArray &bytes, QString *error);
    WatchedFile *m_file = nullptr;
};

} // namespace Duplex
