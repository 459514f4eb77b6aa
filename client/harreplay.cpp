#include "harreplay.h"

#include <algorithm>

namespace Duplex {

HarReplay::HarReplay(QObject *parent) : QObject(parent)
{
    m_next.setSingleShot(true);
    m_silence.setSingleShot(true);
    connect(&m_next, &QTimer::timeout, this, &HarReplay::sendNext);
    connect(&m_silence, &QTimer::timeout, this, &HarReplay::finish);
    connect(&m_client, &WebSocketClient::connected, this, [this] {
        m_opened = true;
        Q_EMIT connected();
        if (m_pace != Pace::StepByStep)
            sendNext();
        else if (m_toSend.isEmpty())
            m_silence.start(m_waitMs);
    });
    connect(&m_client, &WebSocketClient::textReceived, this, [this](const QString &text) {
        onAnswer({false, 0, 1, text.toUtf8()});
    });
    connect(&m_client, &WebSocketClient::binaryReceived, this, [this](const QByteArray &data) {
        onAnswer({false, 0, 2, data});
    });
    connect(&m_client, &WebSocketClient::disconnected, this, [this] {
        if (!m_running)
            return;
        if (!m_opened) {
            m_running = false;
            Q_EMIT failed(m_client.errorString());
        } else {
            finish(); // the server closed: what came back is all there is
        }
    });
}

void HarReplay::start(const HarConnection &recorded, const ClientOptions &options, Pace pace, double speed, int waitMs)
{
    stop();
    m_toSend.clear();
    m_expected.clear();
    m_received.clear();
    for (const HarMessage &m : recorded.messages)
        (m.fromClient ? m_toSend : m_expected).append(m);
    m_sent = 0;
    m_mismatches = 0;
    m_pace = pace;
    m_speed = speed > 0 ? speed : 1;
    m_waitMs = std::max(waitMs, 0);
    m_running = true;
    m_opened = false;
    m_client.open(options);
}

void HarReplay::step()
{
    if (m_running && m_opened && m_pace == Pace::StepByStep)
        sendNext();
}

void HarReplay::stop()
{
    m_next.stop();
    m_silence.stop();
    const bool wasRunning = std::exchange(m_running, false);
    if (wasRunning || m_client.state() != WebSocketClient::State::Disconnected)
        m_client.close(1000);
}

void HarReplay::sendNext()
{
    if (!m_running)
        return;
    if (m_sent < m_toSend.size()) {
        const qsizetype index = m_sent++;
        const HarMessage &m = m_toSend.at(index);
        const bool ok = m.opcode == 2 ? m_client.sendBinary(m.data) : m_client.sendText(QString::fromUtf8(m.data));
        if (ok)
            Q_EMIT sent(index, m);
    }
    if (m_sent >= m_toSend.size()) {
        m_silence.start(m_waitMs);
        return;
    }
    if (m_pace == Pace::StepByStep)
        return;
    const double gap = m_toSend.at(m_sent).time - m_toSend.at(m_sent - 1).time;
    const int delay = m_pace == Pace::AsFastAsPossible ? 0 : int(std::clamp(gap / m_speed * 1000, 0.0, 3.6e6));
    m_next.start(delay);
}

void HarReplay::onAnswer(const HarMessage &message)
{
    if (!m_running)
        return;
    const qsizetype index = m_received.size();
    m_received.append(message);
    const bool matches = index < m_expected.size() && same(m_expected.at(index), message);
    if (!matches)
        ++m_mismatches;
    Q_EMIT answered(index, message, matches);
    if (m_silence.isActive())
        m_silence.start(m_waitMs);
}

void HarReplay::finish()
{
    if (!m_running)
        return;
    m_running = false;
    m_next.stop();
    m_silence.stop();
    m_client.close(1000);
    Q_EMIT finished(m_mismatches, std::max<qsizetype>(m_expected.size() - m_received.size(), 0));
}

} // namespace Duplex
