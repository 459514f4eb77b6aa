#include "accesspolicy.h"

#include <QCoreApplication>
#include <QUrl>
#include <QUrlQuery>

namespace Duplex {

namespace {

bool isLocalHostName(const QString &host)
{
    return host == u"localhost" || host == u"127.0.0.1" || host == u"::1" || host.endsWith(u".localhost");
}

// Compares without timing differences that would leak how much of a guessed token was right.
bool sameSecret(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}

} // namespace

AccessPolicy::AccessPolicy(const ServerConfig &config)
    : m_maxConnections(config.maxConnections), m_token(config.token.toUtf8())
{
    for (const QString &origin : config.allowedOrigins) {
        if (origin.trimmed() == u"*")
            m_anyOrigin = true;
        else if (!origin.trimmed().isEmpty())
            m_allowedOrigins.append(origin.trimmed().toLower());
    }
}

QByteArray AccessPolicy::headerValue(const QByteArray &head, QByteArrayView name)
{
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && QByteArrayView(line).first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

QList<QByteArray> AccessPolicy::headerList(const QByteArray &head, QByteArrayView name)
{
    QList<QByteArray> items;
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || QByteArrayView(line).first(colon).trimmed().compare(name, Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &item : line.mid(colon + 1).split(',')) {
            if (const QByteArray trimmed = item.trimmed(); !trimmed.isEmpty())
                items.append(trimmed);
        }
    }
    return items;
}

QByteArray AccessPolicy::requestTarget(const QByteArray &head)
{
    const qsizetype lineEnd = head.indexOf('\r');
    const QByteArray line = lineEnd < 0 ? head : head.left(lineEnd);
    const QList<QByteArray> parts = line.split(' ');
    return parts.size() >= 2 ? parts.at(1) : QByteArray();
}

bool AccessPolicy::originAllowed(const QString &origin, const QString &host) const
{
    if (origin.isEmpty() || m_anyOrigin)
        return true; // not a browser (browsers always send Origin on a WebSocket upgrade)
    const QString lower = origin.toLower();
    if (m_allowedOrigins.contains(lower))
        return true;
    const QUrl url(lower);
    if (!url.isValid() || url.host().isEmpty())
        return false;
    if (isLocalHostName(url.host()))
        return true;
    // Same origin: the page was served by this server under the same host name and port.
    return url.authority() == host.toLower();
}

QString AccessPolicy::displayedPath(const QUrl &url)
{
    QString path = url.path(QUrl::PrettyDecoded);
    if (path.isEmpty())
        path = QStringLiteral("/");
    if (!url.hasQuery())
        return path;
    QUrlQuery query(url);
    if (query.hasQueryItem(QStringLiteral("token"))) {
        const QList<QPair<QString, QString>> items = query.queryItems(QUrl::PrettyDecoded);
        query.clear();
        for (const auto &[key, value] : items)
            query.addQueryItem(key, key == u"token" ? QStringLiteral("***") : value);
    }
    return path + u'?' + query.query(QUrl::PrettyDecoded);
}

bool AccessPolicy::tokenAccepted(const QByteArray &target, const QByteArray &authorization) const
{
    if (m_token.isEmpty())
        return true;
    if (authorization.startsWith("Bearer ") && sameSecret(authorization.mid(7).trimmed(), m_token))
        return true;
    const qsizetype q = target.indexOf('?');
    if (q < 0)
        return false;
    const QUrlQuery query(QString::fromUtf8(target.mid(q + 1)));
    return sameSecret(query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toUtf8(), m_token);
}

AccessPolicy::Verdict AccessPolicy::checkUpgrade(const QByteArray &head, int openConnections) const
{
    if (!tokenAccepted(requestTarget(head), headerValue(head, "authorization")))
        return {401, QCoreApplication::translate("Duplex::AccessPolicy", "missing or wrong access token")};
    const QString origin = QString::fromUtf8(headerValue(head, "origin"));
    if (!originAllowed(origin, QString::fromUtf8(headerValue(head, "host"))))
        return {403, QCoreApplication::translate("Duplex::AccessPolicy", "origin %1 is not allowed").arg(origin)};
    if (openConnections >= m_maxConnections)
        return {503,
            QCoreApplication::translate("Duplex::AccessPolicy", "connection limit of %1 reached")
                .arg(m_maxConnections)};
    return {};
}

} // namespace Duplex
