#pragma once

#include "har.h"
#include "websocketclient.h"

#include <QObject>
#include <QTimer>

namespace Duplex {

// Sends a recorded connection's messages again (README "Sessions") and compares what comes back with what was
// recorded, answer by answer in order. duplex-client replay and the desktop's replay window both drive it.
class HarReplay final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HarReplay)

public:
    enum class Pace { Recorded, AsFastAsPossible, StepByStep };

    explicit HarReplay(QObject *parent = nullptr);

    // speed: 1 the recorded timing, 2 twice as fast … (Pace::Recorded only). waitMs: after the last message, how
    // long without an answer before finished().
    void start(
        const HarConnection &recorded, const ClientOptions &options, Pace pace, double speed = 1, int waitMs = 1000);
    void step(); // Pace::StepByStep: sends the next message
    void stop();
    bool isRunning() const { return m_running; }

    const QList<HarMessage> &toSend() const { return m_toSend; }
    const QList<HarMessage> &expected() const { return m_expected; }
    const QList<HarMessage> &received() const { return m_received; }
    qsizetype sentCount() const { return m_sent; }
    WebSocketClient *client() { return &m_client; }

    static bool same(const HarMessage &a, const HarMessage &b) { return a.opcode == b.opcode && a.data == b.data; }

Q_SIGNALS:
    void connected();
    void sent(qsizetype index, const Duplex::HarMessage &message); // index into toSend()
    // index into expected(); matches: the same as recorded (false too for an answer that was not recorded)
    void answered(qsizetype index, const Duplex::HarMessage &message, bool matches);
    // Done: every message sent and the server quiet for waitMs, or it closed. missing: recorded answers not received.
    void finished(qsizetype mismatches, qsizetype missing);
    void failed(const QString &error); // could not connect

private:
    void sendNext();
    void onAnswer(const HarMessage &message);
    void finish();

    WebSocketClient m_client;
    QList<HarMessage> m_toSend, m_expected, m_received;
    qsizetype m_sent = 0;
    qsizetype m_mismatches = 0;
    Pace m_pace = Pace::Recorded;
    double m_speed = 1;
    int m_waitMs = 1000;
    QTimer m_next, m_silence;
    bool m_running = false;
    bool m_opened = false;
};

} // namespace Duplex

Q_DECLARE_METATYPE(Duplex::HarMessage)
