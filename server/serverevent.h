#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <memory>

namespace Duplex {

// A sentence translated when it is shown rather than when it is recorded, so that a log row follows a language
// switch. The context and source are string literals marked with QT_TRANSLATE_NOOP (lupdate finds them).
struct Sentence
{
    const char *context = nullptr; // as tr() in that class would use: "Duplex::Hub"
    const char *source = nullptr;
    QStringList args; // %1, %2 … (already text: they are names, numbers, addresses)
    int n = -1; // the plural count for %n, or -1

    QString translated() const;
    static std::shared_ptr<const Sentence> make(
        const char *context, const char *source, QStringList args = {}, int n = -1);
};

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
    bool dropped = false; // FrameOut: a fault dropped it, it was never sent
    qint64 size = 0; // payload size in bytes
    qint64 wireSize = -1; // compressed (permessage-deflate): the payload's bytes on the wire; -1: `size` of them
    QByteArray payload; // whole payload (implicitly shared; text as UTF-8)
    int closeCode = 0;
    QString text; // peer address:port, close reason or error description
    QString path; // Opened: the requested path and query
    QString rule; // FrameIn: the rule that matched it; FrameOut and Closed: the rule that sent or closed it
    QString fault; // FrameOut: what a fault did to it ("delayed 212 ms", "dropped"), README "Testing your client"
    qint64 run = 0; // the server run it belongs to: its start time in ms since the epoch (ids restart every run)
    std::shared_ptr<const Sentence> sentence; // when set, `text` is its translation at the time it was recorded

    // What a row shows: the sentence in today's language, else the text.
    QString displayText() const { return sentence ? sentence->translated() : text; }

    static qint64 now() { return QDateTime::currentMSecsSinceEpoch(); }
};

QString eventTypeName(ServerEvent::Type type);
QString opcodeName(ServerEvent::Opcode opcode);

} // namespace Duplex

Q_DECLARE_METATYPE(Duplex::ServerEvent)
