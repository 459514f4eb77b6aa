#pragma once

#include <QByteArray>
#include <QString>

namespace Duplex {

// Maps a request path onto a file below a root folder (a directory or a Qt resource prefix such as ":/web"),
// refusing anything that would leave the root: "..", encoded dots and slashes, backslashes, NUL bytes,
// absolute paths and symbolic links that point outside.
class StaticFiles final
{
public:
    struct Result
    {
        int status = 404; // 200, 403 or 404
        QString filePath; // set when status is 200
    };

    explicit StaticFiles(const QString &root = QString());

    QString root() const { return m_root; }
    bool isResourceRoot() const { return m_root.startsWith(u':'); }

    // encodedPath is the path as it came on the request line, still percent-encoded.
    Result resolve(const QByteArray &encodedPath) const;

    static QByteArray mimeTypeFor(const QString &filePath);

private:
    QString m_root;
    QString m_canonicalRoot;
};

} // namespace Duplex
