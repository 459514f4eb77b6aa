#pragma once

// Reads QR codes back with a real decoder (zbarimg, Debian's zbar-tools), for tests of what Duplex draws.
#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <functional>

namespace DuplexTest {

// Decodes the codes in an image file; empty when none was found (or zbarimg is missing: the caller QVERIFYs).
inline QString decodeQrFile(const QString &path)
{
    QProcess zbar;
    zbar.start(QStringLiteral("zbarimg"), {QStringLiteral("--raw"), QStringLiteral("--quiet"), path});
    if (!zbar.waitForFinished(20'000) || zbar.exitStatus() != QProcess::NormalExit)
        return QString();
    return QString::fromUtf8(zbar.readAllStandardOutput()).trimmed();
}

// Draws size × size modules (dark(x, y)) at `scale` pixels each with a quiet zone of 4 into a PGM and decodes it.
inline QString decodeQrModules(int size, const std::function<bool(int, int)> &dark, int scale = 6)
{
    QTemporaryDir dir;
    const int margin = 4;
    const int pixels = (size + 2 * margin) * scale;
    QByteArray pgm = "P5\n" + QByteArray::number(pixels) + ' ' + QByteArray::number(pixels) + "\n255\n";
    for (int py = 0; py < pixels; ++py) {
        for (int px = 0; px < pixels; ++px) {
            const int x = px / scale - margin;
            const int y = py / scale - margin;
            const bool isDark = x >= 0 && y >= 0 && x < size && y < size && dark(x, y);
            pgm.append(isDark ? char(0) : char(255));
        }
    }
    const QString path = dir.filePath(QStringLiteral("code.pgm"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(pgm) != pgm.size())
        return QString();
    file.close();
    return decodeQrFile(path);
}

} // namespace DuplexTest
