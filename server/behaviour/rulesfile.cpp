#include "rulesfile.h"

#include "watchedfile.h"

#include <QJsonDocument>
#include <QSaveFile>

namespace Duplex {

RulesFile::RulesFile(const QString &path, QObject *parent) : QObject(parent), m_file(new WatchedFile(path, this))
{
    connect(m_file, &WatchedFile::changed, this, [this](const QByteArray &bytes) {
        QString error;
        std::optional<RuleSet> rules = parse(m_file->path(), bytes, &error);
        if (rules)
            Q_EMIT reloaded(std::make_shared<const RuleSet>(std::move(*rules)));
        else
            Q_EMIT reloadFailed(error);
    });
}

RulesFile::~RulesFile() = default;

QString RulesFile::path() const
{
    return m_file->path();
}

std::optional<RuleSet> RulesFile::parse(const QString &path, const QByteArray &bytes, QString *error)
{
    QString parseError;
    std::optional<RuleSet> rules = RuleSet::parse(bytes, &parseError);
    if (!rules)
        *error = tr("%1: %2").arg(path, parseError);
    return rules;
}

std::optional<RuleSet> RulesFile::read(const QString &path, QString *error)
{
    WatchedFile file(path);
    const QByteArray bytes = file.read(error);
    if (!error->isEmpty())
        return std::nullopt;
    return parse(file.path(), bytes, error);
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
    const QByteArray bytes = m_file->read(error);
    if (!error->isEmpty())
        return nullptr;
    std::optional<RuleSet> rules = parse(m_file->path(), bytes, error);
    return rules ? std::make_shared<const RuleSet>(std::move(*rules)) : nullptr;
}

void RulesFile::watch()
{
    m_file->watch();
}

void RulesFile::reload()
{
    m_file->reload();
}

} // namespace Duplex
