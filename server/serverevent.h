#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Duplex {

// One thing that happened on the server, as a value that can cross threads.
struct ServerEvent
{
    enum class Type { Opened, FrameIn, FrameOut, Closed, Error, Info, Console }; // Console: a script's console.*
    enum class Opcode { None = -1, Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

    Type type = Type::Info;
    qint64 timestampMs = 0; // ms since the epoch, UTC
    quint64 connectionId = 0; // 0: the server itself
    Opcode opcode = Opcode::None;
    bool fin = true;
    qint64 size = 0; // payload size in bytes
    QByteArray payload; // whole payload (implicitly shared; text as UTF-8)
    int closeCode = 0;
    QString text; // peer address:port, close reason or error description
    QString path; // Opened: the requested path and query
    QString rule; // FrameIn: the rule that matched it; FrameOut and Closed: the rule that sent or closed it

    static qint64 now() { return QDateTime::currentMSecsSinceEpoch(); }
};

QString eventTypeName(ServerEvent::Type type);
QString opcodeName(ServerEvent::Opcode opcode);

} // namespace Duplex

Q_DECLARE_METATYPE(Duplex::ServerEvent)
