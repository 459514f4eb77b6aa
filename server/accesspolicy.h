#pragma once

#include "serverconfig.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace Duplex {

// Who may open a WebSocket and call the API: the connection limit, the Origin allow-list and the access token.
// Checked on the request head, before the upgrade, so a refused browser never gets a WebSocket.
class AccessPolicy final
{
public:
    struct Verdict
    {
        int status = 0; // 0: allowed; else the HTTP status to answer with (401, 403, 503)
        QString reason;
        bool allowed() const { return status == 0; }
    };

    AccessPolicy() = default;
    explicit AccessPolicy(const ServerConfig &config);

    Verdict checkUpgrade(const QByteArray &head, int openConnections) const;
    // The request's path and query as shown in logs, lists and exports: the access token's value is masked
    // ("/chat?name=ann&token=***").
    static QString displayedPath(const QUrl &url);
    // For plain HTTP requests to protected routes: the token from ?token= or "Authorization: Bearer".
    bool tokenAccepted(const QByteArray &requestTarget, const QByteArray &authorization) const;
    bool originAllowed(const QString &origin, const QString &host) const;
    bool requiresToken() const { return !m_token.isEmpty(); }

    // Helpers on a raw request head ("GET /x HTTP/1.1\r\nHost: a\r\n…").
    static QByteArray headerValue(const QByteArray &head, QByteArrayView name);
    // The items of a list header ("a, b"), over every line that has it (RFC 9110 5.3).
    static QList<QByteArray> headerList(const QByteArray &head, QByteArrayView name);
    static QByteArray requestTarget(const QByteArray &head);

private:
    int m_maxConnections = 10'000;
    QStringList m_allowedOrigins;
    bool m_anyOrigin = false;
    QByteArray m_token;
};

} // namespace Duplex
