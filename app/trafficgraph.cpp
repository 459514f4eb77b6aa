#include "trafficgraph.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>

namespace Duplex {

namespace {
const QColor InColor(0x1e, 0x88, 0xe5);
const QColor OutColor(0x43, 0xa0, 0x47);
const QColor ConnectionsColor(0xfb, 0x8c, 0x00);
} // namespace

TrafficGraph::TrafficGraph(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void TrafficGraph::addSample(const Sample &sample)
{
    m_samples.push_back(sample);
    while (m_samples.size() > MaxSamples)
        m_samples.pop_front();
    update();
}

void TrafficGraph::clear()
{
    m_samples.clear();
    update();
}

void TrafficGraph::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    double maxRate = 10;
    int maxConnections = 5;
    for (const Sample &s : m_samples) {
        maxRate = std::max({maxRate, s.inPerSecond, s.outPerSecond});
        maxConnections = std::max(maxConnections, s.connections);
    }
    maxRate *= 1.15;

    const Sample last = m_samples.empty() ? Sample {} : m_samples.back();
    const QLocale locale;
    const QList<std::pair<QColor, QString>> legend {
        {InColor, tr("in %1/s").arg(locale.toString(last.inPerSecond, 'f', 0))},
        {OutColor, tr("out %1/s").arg(locale.toString(last.outPerSecond, 'f', 0))},
        {ConnectionsColor, tr("%n connection(s)", nullptr, last.connections)},
    };
    int legendWidth = 8;
    for (const auto &[color, text] : legend)
        legendWidth += 14 + fm.horizontalAdvance(text) + 14;
    const QString scale = tr("max %1 msg/s · 5 min").arg(locale.toString(maxRate / 1.15, 'f', 0));
    // The scale goes on a line of its own when the legend leaves no room for it (a narrow dock).
    const bool scaleBelow = legendWidth + fm.horizontalAdvance(scale) + 8 > width();
    const int lineHeight = fm.height() + 6;
    const int legendHeight = scaleBelow ? 2 * lineHeight : lineHeight;
    const QRectF plot = QRectF(rect()).adjusted(8, legendHeight + 4, -8, -8);

    p.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DotLine));
    for (int i = 1; i < 4; ++i) {
        const double y = plot.top() + plot.height() * i / 4;
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
    }

    const auto draw = [&](const QColor &color, auto value, double max) {
        if (m_samples.size() < 2)
            return;
        QPainterPath path;
        const double step = plot.width() / double(MaxSamples - 1);
        double x = plot.right() - step * double(m_samples.size() - 1);
        bool first = true;
        for (const Sample &s : m_samples) {
            const QPointF point(x, plot.bottom() - plot.height() * std::min(1.0, value(s) / max));
            first ? path.moveTo(point) : path.lineTo(point);
            first = false;
            x += step;
        }
        p.setPen(QPen(color, 1.6));
        p.drawPath(path);
    };
    draw(
        InColor, [](const Sample &s) { return s.inPerSecond; }, maxRate);
    draw(
        OutColor, [](const Sample &s) { return s.outPerSecond; }, maxRate);
    draw(
        ConnectionsColor, [](const Sample &s) { return double(s.connections); }, maxConnections * 1.15);

    int x = 8;
    p.setRenderHint(QPainter::Antialiasing, false);
    for (const auto &[color, text] : legend) {
        p.fillRect(QRect(x, 6 + fm.height() / 2 - 2, 10, 4), color);
        x += 14;
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QPoint(x, 4 + fm.ascent()), text);
        x += fm.horizontalAdvance(text) + 14;
    }
    p.setPen(palette().color(QPalette::PlaceholderText));
    const int scaleTop = scaleBelow ? 4 + lineHeight : 4;
    p.drawText(QPoint(width() - 8 - fm.horizontalAdvance(scale), scaleTop + fm.ascent()), scale);
}

} // namespace Duplex
