#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace Duplex {

// Faults the server injects at the WebSocket layer to test clients against a bad network and a misbehaving server
// (README "Testing your client"). One JSON shape for the API, the desktop's settings and `--fault`:
// {"latencyMs", "jitterMs", "bytesPerSecond", "dropPercent", "seed", "answerPings", "readPaused",
//  "handshake": {"status", "percent", "retryAfter", "delayMs"}, "connections": [ids]}; an absent field is no fault.
struct FaultSet
{
    int latencyMs = 0; // added to every reply and push
    int jitterMs = 0; // plus 0..jitterMs at random; the order of messages is kept
    qint64 bytesPerSecond = 0; // 0: no limit
    double dropPercent = 0; // a share of outgoing messages that are never sent
    quint32 seed = 0; // drops and jitter repeat for the same seed (per connection id); 0: a fresh seed each run
    bool answerPings = true;
    bool readPaused = false; // stop reading from the client: its sends back up in TCP
    struct Handshake
    {
        int status = 0; // refuse new WebSocket handshakes with this HTTP status (e.g. 503, 429); 0: none
        double percent = 100; // for this share of attempts
        int retryAfter = 0; // seconds, sent as Retry-After with the status
        int delayMs = 0; // hold every handshake this long before answering
    } handshake;
    QList<quint64> connections; // these connections only; empty: the whole server

    bool isEmpty() const;
    bool delaysOrDrops() const { return latencyMs > 0 || jitterMs > 0 || bytesPerSecond > 0 || dropPercent > 0; }
    bool touchesConnections() const { return delaysOrDrops() || !answerPings || readPaused; }
    QJsonObject toJson() const;
    // One line for the server bar and the log: "latency 200 ms ± 50, drop 10 %, pings unanswered".
    QString summary() const;

    // Strict: unknown fields and out-of-range values are errors (with the field named).
    static std::optional<FaultSet> fromJson(const QJsonObject &json, QString *error);
    // `--fault latency=200,jitter=50,rate=10000,drop=10,seed=7,pings=off,read=off,status=503,percent=50,
    // retry=5,handshake-delay=300,connections=3+4`
    static std::optional<FaultSet> fromSpec(const QString &spec, QString *error);
};

// What is in force: a server-wide set and sets for single connections (which win over the server-wide one).
struct FaultTable
{
    FaultSet server;
    QMap<quint64, FaultSet> perConnection;

    const FaultSet *forConnection(quint64 id) const;
    bool isEmpty() const { return server.isEmpty() && perConnection.isEmpty(); }
    // A set with connections goes to those connections; {} without connections clears everything.
    void apply(const FaultSet &set);
    QJsonObject toJson() const;
};

class Faults
{
    Q_DECLARE_TR_FUNCTIONS(Faults)
};

} // namespace Duplex
