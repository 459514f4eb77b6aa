#pragma once

#include <QWidget>

#include <deque>

namespace Duplex {

// Messages per second in and out, and open connections, over the last minutes. One sample a second, drawn with
// QPainter: it costs the same whether the server is idle or busy.
class TrafficGraph final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrafficGraph)

public:
    struct Sample
    {
        double inPerSecond = 0;
        double outPerSecond = 0;
        int connections = 0;
    };

    explicit TrafficGraph(QWidget *parent = nullptr);

    void addSample(const Sample &sample);
    const std::deque<Sample> &samples() const { return m_samples; }
    void clear();
    QSize sizeHint() const override { return {360, 140}; }
    QSize minimumSizeHint() const override { return {160, 80}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::deque<Sample> m_samples;
    static constexpr std::size_t MaxSamples = 300; // five minutes
};

} // namespace Duplex
