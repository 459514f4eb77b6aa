#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Duplex {

// What a Hub hands the script (ScriptHost), in batches, in arrival order.
struct ScriptEvent
{
    // Known: a connection that was already open when the script host arrived (no handler runs for it).
    enum class Kind { Open, Message, Close, Known };
    Kind kind = Kind::Message;
    quint64 fd = 0;
    bool binary = false; // Message
    QString text; // Message (text); Close: the reason
    QByteArray data; // Message (binary); Open: the request head
    int code = 0; // Close
    QString path; // Open: path and query, as ConnectionInfo::path
    QString name; // Open
    QString address; // Open: peer address
    QString subprotocol; // Open
};

// What the script asks of the server, in the order it asked.
struct ScriptAction
{
    enum class Kind { Push, Broadcast, Close, Log };
    Kind kind = Kind::Push;
    quint64 fd = 0; // Push, Close; Broadcast: the fd left out (0: none)
    bool binary = false;
    QString text; // Push/Broadcast text; Close: reason; Log: the line
    QByteArray data; // Push/Broadcast binary
    int code = 0; // Close: close code; Log: 0 log/info, 1 warn, 2 error
};

} // namespace Duplex

Q_DECLARE_METATYPE(Duplex::ScriptEvent)
Q_DECLARE_METATYPE(Duplex::ScriptAction)
