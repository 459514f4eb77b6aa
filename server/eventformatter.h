#pragma once

#include "har.h"
#include "serverevent.h"

#include <QByteArray>
#include <QString>

namespace Duplex::EventFormatter {

// One human-readable line, as the seed's Swoole server printed them:
// "client 3 connected from 127.0.0.1:51234 path /?name=alice", "client 3 said: hello (opcode 1, fin 1, 5 bytes)".
QString toText(const ServerEvent &event, int maxPreviewChars = 1000);

// One compact JSON object (no trailing newline).
QByteArray toJson(const ServerEvent &event);

// The connections of these events as a recorded session (HAR, Chrome's format): one entry per connection and run,
// its text and binary messages from the client's side ("send" = what the client sent). `base` is the server's
// ws:// or wss:// address; the path comes from the connection's open event. Frames a fault dropped are left out.
QList<HarConnection> toHar(const QList<ServerEvent> &events, const QUrl &base);

// A readable preview of a payload: text as is (control characters escaped), binary as hex.
QString preview(const ServerEvent &event, int maxChars);

} // namespace Duplex::EventFormatter
