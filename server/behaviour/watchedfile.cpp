#include "watchedfile.h"

#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

namespace Duplex {

namespace {
constexpr int DebounceMs = 150; // editors write in several steps: read once they are done
} // namespace

WatchedFile::WatchedFile(const QString &path, QObject *parent)
    : QObject(parent), m_path(QFileInfo(path).absoluteFilePath())
{ }

WatchedFile::~WatchedFile() = default;

QByteArray WatchedFile::read(QString *error)
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("%1: %2").arg(m_path, file.errorString());
        return {};
    }
    if (file.size() > MaxBytes) {
        *error = tr("%1: larger than %2 MiB").arg(m_path).arg(MaxBytes / 1024 / 1024);
        return {};
    }
    m_last = file.readAll();
    return m_last;
}

void WatchedFile::watch()
{
    if (m_watcher)
        return;
    m_watcher = new QFileSystemWatcher(this);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(DebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &WatchedFile::check);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_debounce, qOverload<>(&QTimer::start));
    rewatch();
}

void WatchedFile::rewatch()
{
    if (!m_watcher)
        return;
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!m_watcher->directories().contains(folder))
        m_watcher->addPath(folder);
    if (!m_watcher->files().contains(m_path) && QFileInfo::exists(m_path))
        m_watcher->addPath(m_path);
}

void WatchedFile::reload()
{
    m_force = true;
    check();
}

void WatchedFile::check()
{
    rewatch();
    QFile file(m_path);
    if (!file.exists() && !m_force)
        return; // being replaced: the folder's next change brings the new file
    const QByteArray bytes = file.open(QIODevice::ReadOnly) ? file.read(MaxBytes + 1) : QByteArray();
    if (bytes == m_last && !std::exchange(m_force, false))
        return;
    m_force = false;
    m_last = bytes;
    Q_EMIT changed(bytes);
}

} // namespace Duplex
