#include "logexport.h"

#include "eventformatter.h"
#include "har.h"
#include "logmodel.h"

#include <QDateTime>
#include <QSaveFile>

namespace Duplex {

namespace {

QString csvField(QString text)
{
    if (text.contains(u',') || text.contains(u'"') || text.contains(u'\n') || text.contains(u'\r')) {
        text.replace(u'"', QStringLiteral("\"\""));
        text = u'"' + text + u'"';
    }
    return text;
}

QString isoTime(qint64 ms)
{
    return ms == 0 ? QString() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

LogExport::Format LogExport::formatFor(const QString &path, Format fallback)
{
    if (path.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive))
        return Format::Csv;
    if (path.endsWith(QLatin1String(".har"), Qt::CaseInsensitive))
        return Format::Har;
    if (path.endsWith(QLatin1String(".jsonl"), Qt::CaseInsensitive))
        return Format::JsonLines;
    return fallback;
}

QString LogExport::write(const QString &path, Format format, const QList<ServerEvent> &events, const LogModel &log,
    const QUrl &webSocketBase)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    switch (format) {
    case Format::Har:
        file.write(Har::write(EventFormatter::toHar(events, webSocketBase), QStringLiteral("Duplex")));
        break;
    case Format::Csv: {
        file.write("time,run,direction,connection,kind,fin,size,close_code,payload\n");
        const QString directions[] = {QStringLiteral("in"), QStringLiteral("out"), QStringLiteral("system")};
        for (const ServerEvent &e : events) {
            const QString line = QStringList {isoTime(e.timestampMs), isoTime(e.run),
                directions[int(LogModel::directionOf(e))], QString::number(e.connectionId), LogModel::kindOf(e),
                e.fin ? QStringLiteral("1") : QStringLiteral("0"), QString::number(e.size),
                e.type == ServerEvent::Type::Closed ? QString::number(e.closeCode) : QString(),
                csvField(log.describe(e, 1 << 20))}
                                     .join(u',');
            file.write(line.toUtf8() + '\n');
        }
        break;
    }
    case Format::JsonLines:
        for (const ServerEvent &e : events)
            file.write(EventFormatter::toJson(e) + '\n');
        break;
    }
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace Duplex
