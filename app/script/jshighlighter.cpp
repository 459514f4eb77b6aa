#include "jshighlighter.h"

namespace Duplex {

JsHighlighter::JsHighlighter(QTextDocument *document) : QSyntaxHighlighter(document)
{
    const auto format = [](const QColor &color, bool bold = false) {
        QTextCharFormat f;
        f.setForeground(color);
        if (bold)
            f.setFontWeight(QFont::Bold);
        return f;
    };
    m_rules.append({QRegularExpression(QStringLiteral(
                        "\\b(async|await|break|case|catch|class|const|continue|default|delete|do|else|export|extends|"
                        "false|finally|for|function|if|in|instanceof|let|new|null|of|return|static|super|switch|this|"
                        "throw|true|try|typeof|undefined|var|void|while|yield)\\b")),
        format(QColor(0x1a, 0x4f, 0xb8), true)});
    m_rules.append({QRegularExpression(QStringLiteral(
                        "\\b(server|console|setTimeout|setInterval|clearTimeout|clearInterval|JSON|Math|Date|Map|Set|"
                        "ArrayBuffer|Uint8Array)\\b")),
        format(QColor(0x6a, 0x1b, 0x9a))});
    m_rules.append({QRegularExpression(QStringLiteral("\\b\\d+(\\.\\d+)?\\b")), format(QColor(0x00, 0x6d, 0x6f))});
    m_rules.append({QRegularExpression(QStringLiteral(R"('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`)")),
        format(QColor(0xa3, 0x4a, 0x00))});
    m_comment = format(QColor(0x6a, 0x73, 0x7d));
    m_comment.setFontItalic(true);
    m_rules.append({QRegularExpression(QStringLiteral("//[^\\n]*")), m_comment});
}

void JsHighlighter::highlightBlock(const QString &text)
{
    for (const Rule &rule : std::as_const(m_rules)) {
        auto it = rule.pattern.globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), rule.format);
        }
    }
    // Block comments, which may span lines: state 1 means "inside one" at the end of the block.
    setCurrentBlockState(0);
    qsizetype start = previousBlockState() == 1 ? 0 : text.indexOf(QLatin1String("/*"));
    while (start >= 0) {
        const qsizetype end
            = text.indexOf(QLatin1String("*/"), start + (previousBlockState() == 1 && start == 0 ? 0 : 2));
        qsizetype length = 0;
        if (end < 0) {
            setCurrentBlockState(1);
            length = text.size() - start;
        } else {
            length = end - start + 2;
        }
        setFormat(int(start), int(length), m_comment);
        start = end < 0 ? -1 : text.indexOf(QLatin1String("/*"), start + length);
    }
}

} // namespace Duplex
