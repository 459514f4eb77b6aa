// The faults link of the Hub (README "Testing your client"): what a fault does to a connection's outgoing messages
// (held back for latency, jitter and a byte rate, in order; or dropped) and to the connection itself (pings not
// answered, input not read, a reset). Runs on the network thread that owns the connection, never on the GUI's.
#include "../hub.h" // the relative path lets lupdate see that Hub is Duplex::Hub

#include "faultset.h"
#include "hubconnection.h"

#include <QRandomGenerator>

namespace Duplex {

void Hub::setFaults(std::shared_ptr<const FaultTable> faults)
{
    m_faults = faults && !faults->isEmpty() ? std::move(faults) : nullptr;
    for (auto &[id, c] : m_connections)
        applyFaults(*c);
}

void Hub::applyFaults(Connection &c)
{
    const FaultSet *set = m_faults ? m_faults->forConnection(c.info.id) : nullptr;
    const bool wasDelaying = c.fault && c.fault->delaysOrDrops();
    if (set && set->touchesConnections()) {
        const bool reseed = !c.fault || c.fault->seed != set->seed;
        if (c.fault)
            *c.fault = *set;
        else
            c.fault = std::make_unique<FaultSet>(*set);
        if (reseed) { // the same seed gives the same drops and delays for the same connection id
            if (!c.faultRandom)
                c.faultRandom = std::make_unique<std::mt19937>();
            c.faultRandom->seed(set->seed ? set->seed + quint32(c.info.id) : QRandomGenerator::global()->generate());
        }
    } else {
        c.fault.reset();
    }
    c.transport->setAnswerPings(!c.fault || c.fault->answerPings);
    c.transport->setReadPaused(c.fault && c.fault->readPaused);
    // Messages held back by a fault that was lifted go out now, in order.
    if (wasDelaying && !(c.fault && c.fault->delaysOrDrops()))
        releaseFaulted(c);
}

bool Hub::faultOut(Connection &c, const QString *text, const QByteArray *data)
{
    const FaultSet &f = *c.fault;
    if (!f.delaysOrDrops())
        return false;
    if (f.dropPercent > 0 && std::uniform_real_distribution<double>(0, 100)(*c.faultRandom) < f.dropPercent) {
        // Never sent: the log says so, the counters do not count it.
        m_faultNote = tr("dropped by a fault");
        m_faultDropped = true;
        if (text)
            recordFrame(ServerEvent::Type::FrameOut, c.info.id, ServerEvent::Opcode::Text, text->toUtf8());
        else
            recordFrame(ServerEvent::Type::FrameOut, c.info.id, ServerEvent::Opcode::Binary, *data);
        m_faultNote = QString();
        m_faultDropped = false;
        return true;
    }
    const qint64 now = ServerEvent::now();
    qint64 delay = f.latencyMs;
    if (f.jitterMs > 0)
        delay += std::uniform_int_distribution<int>(0, f.jitterMs)(*c.faultRandom);
    qint64 due = std::max(now + delay, c.faultDueMs); // the order of messages is kept
    if (f.bytesPerSecond > 0) {
        const qint64 size = text ? text->toUtf8().size() : data->size(); // the bytes on the wire (payload)
        due = std::max(due, c.faultDueMs) + size * 1000 / f.bytesPerSecond;
    }
    c.faultDueMs = due;
    c.held.push_back({due, now, text != nullptr, text ? *text : QString(), data ? *data : QByteArray()});
    if (!c.faultTimer) {
        c.faultTimer = std::make_unique<QTimer>();
        c.faultTimer->setSingleShot(true);
        c.faultTimer->setTimerType(Qt::PreciseTimer);
        const quint64 id = c.info.id;
        connect(c.faultTimer.get(), &QTimer::timeout, this, [this, id] {
            const auto it = m_connections.find(id);
            if (it != m_connections.end())
                releaseFaulted(*it->second);
        });
    }
    if (!c.faultTimer->isActive() || c.held.size() == 1)
        c.faultTimer->start(int(std::max<qint64>(c.held.front().dueMs - now, 0)));
    return true;
}

// Sends what is due (everything, once the fault is lifted), each marked with how long it was held.
void Hub::releaseFaulted(Connection &c)
{
    const bool all = !(c.fault && c.fault->delaysOrDrops());
    const qint64 now = ServerEvent::now();
    m_faultBypass = true;
    while (!c.held.empty() && (all || c.held.front().dueMs <= now)) {
        Connection::Held h = std::move(c.held.front());
        c.held.pop_front();
        m_faultNote = tr("delayed %1 ms by a fault").arg(now - h.heldMs);
        if (h.text)
            sendTextTo(c, h.message);
        else
            sendBinaryTo(c, h.data);
    }
    m_faultNote = QString();
    m_faultBypass = false;
    if (!c.held.empty() && c.faultTimer)
        c.faultTimer->start(int(std::max<qint64>(c.held.front().dueMs - now, 0)));
    if (c.held.empty())
        c.faultDueMs = 0;
}

bool Hub::resetClient(quint64 id)
{
    const auto it = m_connections.find(id);
    if (it == m_connections.end())
        return false;
    Connection &c = *it->second;
    ServerEvent e;
    e.type = ServerEvent::Type::Error;
    e.connectionId = id;
    e.text = tr("reset (TCP RST, no close frame)");
    record(std::move(e));
    c.transport->reset();
    return true;
}

} // namespace Duplex
