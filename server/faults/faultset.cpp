#include "faultset.h"

#include <QJsonArray>
#include <QLocale>

#include <cmath>

namespace Duplex {

namespace {

constexpr int MaxDelayMs = 600'000;

bool readInt(const QJsonObject &json, const char *key, int max, int &out, QString *error)
{
    const QJsonValue v = json.value(QLatin1String(key));
    if (v.isUndefined())
        return true;
    const double d = v.toDouble(-1);
    if (!v.isDouble() || d < 0 || d > max || d != std::floor(d)) {
        *error = Faults::tr("\"%1\" must be a whole number from 0 to %2").arg(QLatin1String(key)).arg(max);
        return false;
    }
    out = int(d);
    return true;
}

} // namespace

bool FaultSet::isEmpty() const
{
    return !delaysOrDrops() && answerPings && !readPaused && handshake.status == 0 && handshake.delayMs == 0;
}

QJsonObject FaultSet::toJson() const
{
    QJsonObject o;
    if (latencyMs)
        o.insert(QStringLiteral("latencyMs"), latencyMs);
    if (jitterMs)
        o.insert(QStringLiteral("jitterMs"), jitterMs);
    if (bytesPerSecond)
        o.insert(QStringLiteral("bytesPerSecond"), bytesPerSecond);
    if (dropPercent > 0)
        o.insert(QStringLiteral("dropPercent"), dropPercent);
    if (seed)
        o.insert(QStringLiteral("seed"), qint64(seed));
    if (!answerPings)
        o.insert(QStringLiteral("answerPings"), false);
    if (readPaused)
        o.insert(QStringLiteral("readPaused"), true);
    if (handshake.status || handshake.delayMs) {
        QJsonObject h;
        if (handshake.status) {
            h.insert(QStringLiteral("status"), handshake.status);
            h.insert(QStringLiteral("percent"), handshake.percent);
            if (handshake.retryAfter)
                h.insert(QStringLiteral("retryAfter"), handshake.retryAfter);
        }
        if (handshake.delayMs)
            h.insert(QStringLiteral("delayMs"), handshake.delayMs);
        o.insert(QStringLiteral("handshake"), h);
    }
    if (!connections.isEmpty()) {
        QJsonArray ids;
        for (quint64 id : connections)
            ids.append(qint64(id));
        o.insert(QStringLiteral("connections"), ids);
    }
    return o;
}

QString FaultSet::summary() const
{
    QStringList parts;
    const QLocale locale;
    if (latencyMs || jitterMs)
        parts << (jitterMs ? Faults::tr("latency %1 ms ± %2").arg(latencyMs).arg(jitterMs)
                           : Faults::tr("latency %1 ms").arg(latencyMs));
    if (bytesPerSecond)
        parts << Faults::tr("%1 bytes/s").arg(locale.toString(bytesPerSecond));
    if (dropPercent > 0)
        parts << Faults::tr("drop %1 %").arg(locale.toString(dropPercent));
    if (!answerPings)
        parts << Faults::tr("pings unanswered");
    if (readPaused)
        parts << Faults::tr("not reading");
    if (handshake.status)
        parts << Faults::tr("handshakes refused with %1 (%2 %)")
                     .arg(handshake.status)
                     .arg(locale.toString(handshake.percent));
    if (handshake.delayMs)
        parts << Faults::tr("handshakes delayed %1 ms").arg(handshake.delayMs);
    return parts.join(QStringLiteral(", "));
}

std::optional<FaultSet> FaultSet::fromJson(const QJsonObject &json, QString *error)
{
    static const QStringList known {QStringLiteral("latencyMs"), QStringLiteral("jitterMs"),
        QStringLiteral("bytesPerSecond"), QStringLiteral("dropPercent"), QStringLiteral("seed"),
        QStringLiteral("answerPings"), QStringLiteral("readPaused"), QStringLiteral("handshake"),
        QStringLiteral("connections")};
    QString scratch;
    QString &why = error ? *error : scratch;
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key())) {
            why = Faults::tr("unknown field \"%1\" (known: %2)").arg(it.key(), known.join(QStringLiteral(", ")));
            return std::nullopt;
        }
    }
    FaultSet f;
    if (!readInt(json, "latencyMs", MaxDelayMs, f.latencyMs, &why)
        || !readInt(json, "jitterMs", MaxDelayMs, f.jitterMs, &why))
        return std::nullopt;
    if (const QJsonValue v = json.value(u"bytesPerSecond"); !v.isUndefined()) {
        if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() != std::floor(v.toDouble())) {
            why = Faults::tr("\"bytesPerSecond\" must be a whole number, 0 for no limit");
            return std::nullopt;
        }
        f.bytesPerSecond = qint64(v.toDouble());
    }
    if (const QJsonValue v = json.value(u"dropPercent"); !v.isUndefined()) {
        if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 100) {
            why = Faults::tr("\"dropPercent\" must be a number from 0 to 100");
            return std::nullopt;
        }
        f.dropPercent = v.toDouble();
    }
    if (const QJsonValue v = json.value(u"seed"); !v.isUndefined()) {
        if (!v.isDouble() || v.toDouble() < 0 || v.toDouble() > 4294967295.0
            || v.toDouble() != std::floor(v.toDouble())) {
            why = Faults::tr("\"seed\" must be a whole number from 0 to 4294967295");
            return std::nullopt;
        }
        f.seed = quint32(v.toDouble());
    }
    for (const auto &[key, target] :
        {std::pair {"answerPings", &f.answerPings}, std::pair {"readPaused", &f.readPaused}}) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined())
            continue;
        if (!v.isBool()) {
            why = Faults::tr("\"%1\" must be true or false").arg(QLatin1String(key));
            return std::nullopt;
        }
        *target = v.toBool();
    }
    if (const QJsonValue v = json.value(u"handshake"); !v.isUndefined()) {
        if (!v.isObject()) {
            why = Faults::tr("\"handshake\" must be an object: {\"status\", \"percent\", \"retryAfter\", \"delayMs\"}");
            return std::nullopt;
        }
        const QJsonObject h = v.toObject();
        for (auto it = h.begin(); it != h.end(); ++it) {
            if (!QStringList {QStringLiteral("status"), QStringLiteral("percent"), QStringLiteral("retryAfter"),
                    QStringLiteral("delayMs")}
                     .contains(it.key())) {
                why = Faults::tr("unknown field \"handshake.%1\"").arg(it.key());
                return std::nullopt;
            }
        }
        if (!readInt(h, "status", 599, f.handshake.status, &why)
            || !readInt(h, "retryAfter", 86400, f.handshake.retryAfter, &why)
            || !readInt(h, "delayMs", MaxDelayMs, f.handshake.delayMs, &why))
            return std::nullopt;
        if (f.handshake.status != 0 && (f.handshake.status < 400 || f.handshake.status > 599)) {
            why = Faults::tr("\"handshake.status\" must be an HTTP error status from 400 to 599");
            return std::nullopt;
        }
        if (const QJsonValue p = h.value(u"percent"); !p.isUndefined()) {
            if (!p.isDouble() || p.toDouble() < 0 || p.toDouble() > 100) {
                why = Faults::tr("\"handshake.percent\" must be a number from 0 to 100");
                return std::nullopt;
            }
            f.handshake.percent = p.toDouble();
        }
    }
    if (const QJsonValue v = json.value(u"connections"); !v.isUndefined()) {
        if (!v.isArray()) {
            why = Faults::tr("\"connections\" must be an array of connection ids");
            return std::nullopt;
        }
        for (const QJsonValue &id : v.toArray()) {
            if (!id.isDouble() || id.toDouble() < 1 || id.toDouble() != std::floor(id.toDouble())) {
                why = Faults::tr("\"connections\" must hold connection ids (whole numbers from 1)");
                return std::nullopt;
            }
            f.connections.append(quint64(id.toDouble()));
        }
        if (f.handshake.status || f.handshake.delayMs) {
            why = Faults::tr("handshake faults apply to the whole server, not to connections that are already open");
            return std::nullopt;
        }
    }
    return f;
}

std::optional<FaultSet> FaultSet::fromSpec(const QString &spec, QString *error)
{
    // key=value pairs onto the JSON shape, so that both are checked by the same rules.
    QJsonObject json;
    QJsonObject handshake;
    QString scratch;
    QString &why = error ? *error : scratch;
    for (const QString &part : spec.split(u',', Qt::SkipEmptyParts)) {
        const QString key = part.section(u'=', 0, 0).trimmed();
        const QString value = part.section(u'=', 1).trimmed();
        bool ok = true;
        const double number = value.toDouble(&ok);
        const auto needNumber = [&] {
            if (!ok)
                why = Faults::tr("\"%1\" needs a number, not \"%2\"").arg(key, value);
            return ok;
        };
        const auto onOff = [&](bool &out) {
            if (value == u"on" || value == u"true")
                out = true;
            else if (value == u"off" || value == u"false")
                out = false;
            else {
                why = Faults::tr("\"%1\" is on or off, not \"%2\"").arg(key, value);
                return false;
            }
            return true;
        };
        bool flag = false;
        if (key == u"latency" || key == u"jitter" || key == u"rate" || key == u"drop" || key == u"seed") {
            if (!needNumber())
                return std::nullopt;
            static const QMap<QString, QString> names {{QStringLiteral("latency"), QStringLiteral("latencyMs")},
                {QStringLiteral("jitter"), QStringLiteral("jitterMs")},
                {QStringLiteral("rate"), QStringLiteral("bytesPerSecond")},
                {QStringLiteral("drop"), QStringLiteral("dropPercent")},
                {QStringLiteral("seed"), QStringLiteral("seed")}};
            json.insert(names.value(key), number);
        } else if (key == u"pings") {
            if (!onOff(flag))
                return std::nullopt;
            json.insert(QStringLiteral("answerPings"), flag);
        } else if (key == u"read") {
            if (!onOff(flag))
                return std::nullopt;
            json.insert(QStringLiteral("readPaused"), !flag);
        } else if (key == u"status" || key == u"percent" || key == u"retry" || key == u"handshake-delay") {
            if (!needNumber())
                return std::nullopt;
            static const QMap<QString, QString> names {{QStringLiteral("status"), QStringLiteral("status")},
                {QStringLiteral("percent"), QStringLiteral("percent")},
                {QStringLiteral("retry"), QStringLiteral("retryAfter")},
                {QStringLiteral("handshake-delay"), QStringLiteral("delayMs")}};
            handshake.insert(names.value(key), number);
        } else if (key == u"connections") {
            QJsonArray ids;
            for (const QString &id : value.split(u'+', Qt::SkipEmptyParts))
                ids.append(id.toDouble());
            json.insert(QStringLiteral("connections"), ids);
        } else {
            why = Faults::tr("unknown fault \"%1\" (latency, jitter, rate, drop, seed, pings, read, status, percent, "
                             "retry, handshake-delay, connections)")
                      .arg(key);
            return std::nullopt;
        }
    }
    if (!handshake.isEmpty())
        json.insert(QStringLiteral("handshake"), handshake);
    return fromJson(json, error);
}

const FaultSet *FaultTable::forConnection(quint64 id) const
{
    const auto it = perConnection.constFind(id);
    if (it != perConnection.cend())
        return &it.value();
    return server.isEmpty() ? nullptr : &server;
}

void FaultTable::apply(const FaultSet &set)
{
    if (set.connections.isEmpty()) {
        if (set.isEmpty())
            perConnection.clear(); // {} clears them all
        server = set;
        return;
    }
    for (quint64 id : set.connections) {
        FaultSet one = set;
        one.connections = {id};
        if (one.isEmpty())
            perConnection.remove(id);
        else
            perConnection.insert(id, one);
    }
}

QJsonObject FaultTable::toJson() const
{
    QJsonObject perId;
    for (auto it = perConnection.cbegin(); it != perConnection.cend(); ++it) {
        QJsonObject o = it.value().toJson();
        o.remove(QStringLiteral("connections"));
        perId.insert(QString::number(it.key()), o);
    }
    return QJsonObject {{QStringLiteral("server"), server.toJson()}, {QStringLiteral("connections"), perId},
        {QStringLiteral("active"), !isEmpty()}};
}

} // namespace Duplex
