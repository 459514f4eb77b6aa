#pragma once

#include <QHostAddress>
#include <QMetaType>
#include <QString>

#include <optional>

namespace Duplex {

// What the server does with an incoming message (DESIGN.md, "Wire behaviour").
enum class Mode { Echo, Broadcast, Raw };

QString modeName(Mode mode);
std::optional<Mode> modeFromName(const QString &name);

// The echo reply the seed's Swoole server sent; {text}, {id}, {name} and {time} are filled in.
QString defaultReplyTemplate();

struct ServerConfig
{
    QHostAddress host = QHostAddress::LocalHost;
    quint16 port = 8090;
    Mode mode = Mode::Echo;
    QString replyTemplate; // empty: defaultReplyTemplate()
    QString documentRoot; // empty: the built-in page from Qt resources
    qint64 maxMessageSize = 1024 * 1024;
    qint64 maxFrameSize = 1024 * 1024;
    int handshakeTimeoutMs = 10'000;
    int maxHeaderBytes = 16 * 1024;
    int historySize = 50;
    QString redisUrl; // redis://HOST:PORT[/DB]; empty: this server is self-contained
    QString nodeName; // empty: host name and port
};

} // namespace Duplex

Q_DECLARE_METATYPE(Duplex::ServerConfig)
