#include "qrview.h"

#include <QPainter>

namespace Duplex {

QrView::QrView(QWidget *parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void QrView::setCode(const QrCode &code)
{
    m_code = code;
    updateGeometry();
    update();
}

QSize QrView::sizeHint() const
{
    const int modules = m_code.isNull() ? 33 : m_code.size() + 2 * QuietZone;
    return {modules * 6, modules * 6};
}

QSize QrView::minimumSizeHint() const
{
    const int modules = m_code.isNull() ? 33 : m_code.size() + 2 * QuietZone;
    return {modules * 3, modules * 3};
}

void QrView::paintEvent(QPaintEvent *)
{
    if (m_code.isNull())
        return;
    QPainter painter(this);
    const int modules = m_code.size() + 2 * QuietZone;
    // Whole pixels per module: a scaled, blurred code is harder for a phone camera to read.
    const int scale = std::max(1, std::min(width(), height()) / modules);
    const int extent = modules * scale;
    const QPoint origin((width() - extent) / 2, (height() - extent) / 2);
    painter.fillRect(QRect(origin, QSize(extent, extent)), Qt::white);
    for (int y = 0; y < m_code.size(); ++y) {
        for (int x = 0; x < m_code.size(); ++x) {
            if (m_code.isDark(x, y))
                painter.fillRect(origin.x() + (x + QuietZone) * scale, origin.y() + (y + QuietZone) * scale, scale,
                    scale, Qt::black);
        }
    }
}

} // namespace Duplex
