#pragma once

#include <QObject>

#include <initializer_list>

class QSocketNotifier;

namespace Duplex {

// Turns POSIX signals (SIGINT, SIGTERM) into a Qt signal on the thread that created it, through a self-pipe:
// the handler itself only writes one byte, which is all that is safe there.
class SignalWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignalWatcher)

public:
    explicit SignalWatcher(std::initializer_list<int> signalNumbers, QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void received(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Duplex
