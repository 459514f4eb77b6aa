#pragma once

#include "serverevent.h"

#include <QCoreApplication>
#include <QUrl>

namespace Duplex {

class LogModel;

// Writes log rows to a file: JSON Lines (one event per line), CSV (with the run and the close code) or HAR (Chrome
// DevTools' format, one entry per connection). The desktop exports what the log shows, filter and search applied.
class LogExport
{
    Q_DECLARE_TR_FUNCTIONS(LogExport)

public:
    enum class Format { JsonLines, Csv, Har };

    static Format formatFor(const QString &path, Format fallback);
    // Returns the error, or nothing once the file is written (atomically).
    static QString write(const QString &path, Format format, const QList<ServerEvent> &events, const LogModel &log,
        const QUrl &webSocketBase);
};

} // namespace Duplex
