#include "rulesfile.h"

#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTimer>

namespace Duplex {

namespace {
constexpr int DebounceMs = 150; // editors write in several steps: read once they are done
constexpr qint64 MaxFileBytes = 16 * 1024 * 1024;
} // namespace

RulesFile::RulesFile(const QString &path, QObject *parent) : QObject(parent), m_path(QFileInfo(path).absoluteFilePath())
{ }

RulesFile::~RulesFile() = default;

std::optional<RuleSet> RulesFile::read(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("%1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > MaxFileBytes) {
        *error = tr("%1: larger than %2 MiB").arg(path).arg(MaxFileBytes / 1024 / 1024);
        return std::nullopt;
    }
    QString parseError;
    std::optional<RuleSet> rules = RuleSet::parse(file.readAll(), &parseError);
    if (!rules)
        *error = tr("%1: %2").arg(path, parseError);
    return rules;
}

bool RulesFile::write(const QString &path, const RuleSet &rules, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = file.errorString();
        return false;
    }
    file.write(QJsonDocument(rules.toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = file.errorString();
        return false;
    }
    return true;
}

std::shared_ptr<const RuleSet> RulesFile::load(QString *error)
{
    QFile file(m_path);
    const QByteArray bytes = file.open(QIODevice::ReadOnly) ? file.read(MaxFileBytes + 1) : QByteArray();
    std::optional<RuleSet> rules = read(m_path, error);
    if (!rules)
        return nullptr;
    m_loaded = bytes;
    return std::make_shared<const RuleSet>(std::move(*rules));
}

void RulesFile::watch()
{
    if (m_watcher)
        return;
    m_watcher = new QFileSystemWatcher(this);
    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(DebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &RulesFile::changed);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, m_debounce, qOverload<>(&QTimer::start));
    // An editor that saves by writing a new file and renaming it replaces the watched one: watch the folder too.
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, m_debounce, qOverload<>(&QTimer::start));
    rewatch();
}

void RulesFile::rewatch()
{
    if (!m_watcher)
        return;
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!m_watcher->directories().contains(folder))
        m_watcher->addPath(folder);
    if (!m_watcher->files().contains(m_path) && QFileInfo::exists(m_path))
        m_watcher->addPath(m_path);
}

void RulesFile::reload()
{
    m_force = true;
    changed();
}

void RulesFile::changed()
{
    rewatch();
    QFile file(m_path);
    if (!file.exists() && !m_force)
        return; // being replaced: the folder's next change brings the new file
    const QByteArray bytes = file.open(QIODevice::ReadOnly) ? file.read(MaxFileBytes + 1) : QByteArray();
    if (bytes == m_loaded && !std::exchange(m_force, false))
        return;
    m_force = false;
    QString error;
    std::optional<RuleSet> rules = read(m_path, &error);
    if (!rules) {
        m_loaded = bytes; // reported once; the next edit is read again
        Q_EMIT reloadFailed(error);
        return;
    }
    m_loaded = bytes;
    Q_EMIT reloaded(std::make_shared<const RuleSet>(std::move(*rules)));
}

} // namespace Duplex
