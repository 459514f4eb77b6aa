#include "staticfiles.h"

#include <QByteArrayView>
#include <QDir>
#include <QFileInfo>
#include <QUrl>

namespace Duplex {

StaticFiles::StaticFiles(const QString &root) : m_root(root.isEmpty() ? QStringLiteral(":/web") : root)
{
    if (!isResourceRoot())
        m_canonicalRoot = QFileInfo(m_root).canonicalFilePath();
}

StaticFiles::Result StaticFiles::resolve(const QByteArray &encodedPath) const
{
    QByteArray path = encodedPath;
    if (const qsizetype q = path.indexOf('?'); q >= 0)
        path.truncate(q);
    if (!path.startsWith('/'))
        return {403, {}};
    const QByteArray decoded = QByteArray::fromPercentEncoding(path);
    // Decoding once is all a well-behaved client needs; a '%' left over means double encoding.
    if (decoded.contains('\0') || decoded.contains('\\') || decoded.contains('%') || decoded.contains("//"))
        return {403, {}};
    const QString relative = QString::fromUtf8(decoded).mid(1);
    for (QStringView segment : QStringView(relative).split(u'/')) {
        if (segment == u".." || segment == u"." || segment.startsWith(u'~'))
            return {403, {}};
    }
    QString file = relative.isEmpty() || relative.endsWith(u'/') ? relative + u"index.html" : relative;

    if (isResourceRoot()) {
        const QString full = m_root + u'/' + file;
        const QFileInfo info(full);
        if (info.isDir() && QFileInfo::exists(full + u"/index.html"))
            return {200, full + u"/index.html"};
        if (!info.isFile())
            return {404, {}};
        return {200, full};
    }

    if (m_canonicalRoot.isEmpty())
        return {404, {}};
    QFileInfo info(m_canonicalRoot + u'/' + file);
    if (info.isDir())
        info.setFile(info.filePath() + u"/index.html");
    if (!info.exists())
        return {404, {}};
    // Resolve symbolic links and insist the real file is still inside the root.
    const QString canonical = info.canonicalFilePath();
    if (canonical.isEmpty() || !canonical.startsWith(m_canonicalRoot + u'/'))
        return {403, {}};
    if (!QFileInfo(canonical).isFile() || !QFileInfo(canonical).isReadable())
        return {404, {}};
    return {200, canonical};
}

QByteArray StaticFiles::mimeTypeFor(const QString &filePath)
{
    const QString suffix = QFileInfo(filePath).suffix().toLower();
    if (suffix == u"html" || suffix == u"htm")
        return "text/html; charset=utf-8";
    if (suffix == u"js" || suffix == u"mjs")
        return "text/javascript; charset=utf-8";
    if (suffix == u"css")
        return "text/css; charset=utf-8";
    if (suffix == u"json")
        return "application/json";
    if (suffix == u"svg")
        return "image/svg+xml";
    if (suffix == u"png")
        return "image/png";
    if (suffix == u"jpg" || suffix == u"jpeg")
        return "image/jpeg";
    if (suffix == u"ico")
        return "image/x-icon";
    if (suffix == u"txt" || suffix == u"md")
        return "text/plain; charset=utf-8";
    if (suffix == u"wasm")
        return "application/wasm";
    return "application/octet-stream";
}

} // namespace Duplex
