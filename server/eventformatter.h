#pragma once

#include "serverevent.h"

#include <QByteArray>
#include <QString>

namespace Duplex::EventFormatter {

// One human-readable line, as the seed's Swoole server printed them:
// "client 3 connected from 127.0.0.1:51234 path /?name=alice", "client 3 said: hello (opcode 1, fin 1, 5 bytes)".
QString toText(const ServerEvent &event, int maxPreviewChars = 1000);

// One compact JSON object (no trailing newline).
QByteArray toJson(const ServerEvent &event);

// A readable preview of a payload: text as is (control characters escaped), binary as hex.
QString preview(const ServerEvent &event, int maxChars);

} // namespace Duplex::EventFormatter
