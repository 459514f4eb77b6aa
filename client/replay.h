#pragma once

#include <QStringList>

namespace Duplex {

// duplex-client replay FILE.har [--url ws://…] [--connection N] [--speed 1|max|F] [--expect] [--wait MS]: sends a
// recorded connection's messages again with their timing and, with --expect, compares what comes back with what was
// recorded (exit 1 and a readable diff on the first difference). arguments[1] is "replay". Returns the exit code.
int runReplay(const QStringList &arguments);

} // namespace Duplex
