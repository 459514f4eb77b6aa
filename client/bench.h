#pragma once

#include <QStringList>

namespace Duplex {

// duplex-client bench URL --connections N --size B --duration S [--threads T] [--binary] [--json]: runs the load
// generator and prints its figures. arguments[0] is the program, arguments[1] "bench". Returns the exit code.
int runBench(const QStringList &arguments);

} // namespace Duplex
