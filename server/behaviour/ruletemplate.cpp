#include "ruletemplate.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUrlQuery>

namespace Duplex {

bool RuleTemplate::compile(const QString &source, QString *error)
{
    m_parts.clear();
    m_needs = {};
    QString literal;
    const auto flushLiteral = [&] {
        if (!literal.isEmpty())
            m_parts.append({Part::Kind::Literal, std::exchange(literal, {}), {}, 0});
    };
    for (qsizetype i = 0; i < source.size(); ++i) {
        const QChar c = source.at(i);
        if (c == u'}') {
            if (i + 1 < source.size() && source.at(i + 1) == u'}') {
                literal += u'}';
                ++i;
                continue;
            }
            *error = tr("a lone } at position %1: write }} for a literal brace").arg(i + 1);
            return false;
        }
        if (c != u'{') {
            literal += c;
            continue;
        }
        if (i + 1 < source.size() && source.at(i + 1) == u'{') {
            literal += u'{';
            ++i;
            continue;
        }
        const qsizetype end = source.indexOf(u'}', i + 1);
        if (end < 0) {
            *error = tr("the field opened at position %1 is not closed with }").arg(i + 1);
            return false;
        }
        const QString field = source.mid(i + 1, end - i - 1);
        Part part;
        bool number = false;
        const int capture = field.toInt(&number);
        if (field == u"text") {
            part.kind = Part::Kind::Text;
            m_needs.text = true;
        } else if (field == u"id") {
            part.kind = Part::Kind::Id;
        } else if (field == u"name") {
            part.kind = Part::Kind::Name;
        } else if (field == u"time") {
            part.kind = Part::Kind::Time;
        } else if (field == u"path") {
            part.kind = Part::Kind::Path;
        } else if (field == u"counter") {
            part.kind = Part::Kind::Counter;
        } else if (field == u"random") {
            part.kind = Part::Kind::Random;
        } else if (field.startsWith(u"query.") && field.size() > 6) {
            part.kind = Part::Kind::Query;
            part.literal = field.mid(6);
        } else if (field.startsWith(u"json.") && field.size() > 5) {
            part.kind = Part::Kind::Json;
            part.path = field.mid(5).split(u'.');
            if (part.path.contains(QString())) {
                *error = tr("{%1}: a JSON path has no empty parts").arg(field);
                return false;
            }
            m_needs.json = true;
        } else if (number && field.size() == 1 && capture >= 1 && capture <= 9) {
            part.kind = Part::Kind::Capture;
            part.capture = capture;
            m_needs.capture = std::max(m_needs.capture, capture);
        } else {
            *error = tr("unknown field {%1} (known: {text} {id} {name} {time} {path} {query.NAME} {1}…{9} "
                        "{json.PATH} {counter} {random}; {{ and }} for braces)")
                         .arg(field);
            return false;
        }
        flushLiteral();
        m_parts.append(part);
        i = end;
    }
    flushLiteral();
    return true;
}

QString RuleTemplate::expand(const TemplateInput &input) const
{
    QString out;
    for (const Part &part : m_parts) {
        switch (part.kind) {
        case Part::Kind::Literal:
            out += part.literal;
            break;
        case Part::Kind::Text:
            out += input.text;
            break;
        case Part::Kind::Id:
            out += QString::number(input.id);
            break;
        case Part::Kind::Name:
            out += input.name;
            break;
        case Part::Kind::Time:
            out += QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
            break;
        case Part::Kind::Path:
            out += input.path.section(u'?', 0, 0);
            break;
        case Part::Kind::Query: {
            const qsizetype q = input.path.indexOf(u'?');
            if (q >= 0)
                out += QUrlQuery(input.path.mid(q + 1)).queryItemValue(part.literal, QUrl::FullyDecoded);
            break;
        }
        case Part::Kind::Capture:
            out += input.captures.value(part.capture - 1);
            break;
        case Part::Kind::Json:
            if (input.json)
                out += jsonText(valueAt(*input.json, part.path));
            break;
        case Part::Kind::Counter:
            out += QString::number(input.counter);
            break;
        case Part::Kind::Random:
            out += QString::number(QRandomGenerator::global()->bounded(1'000'000'000));
            break;
        }
    }
    return out;
}

QJsonValue RuleTemplate::valueAt(const QJsonDocument &document, const QStringList &path)
{
    QJsonValue value = document.isArray() ? QJsonValue(document.array()) : QJsonValue(document.object());
    if (document.isNull())
        return QJsonValue(QJsonValue::Undefined);
    for (const QString &key : path) {
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            const auto it = object.constFind(key);
            if (it == object.constEnd())
                return QJsonValue(QJsonValue::Undefined);
            value = *it;
        } else if (value.isArray()) {
            bool ok = false;
            const int index = key.toInt(&ok);
            const QJsonArray array = value.toArray();
            if (!ok || index < 0 || index >= array.size())
                return QJsonValue(QJsonValue::Undefined);
            value = array.at(index);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return value;
}

QString RuleTemplate::jsonText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        // as JSON writes it (0.1, not 0.10000000000000001): the one element of a compact array
        const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(array.mid(1, array.size() - 2));
    }
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return QString();
}

} // namespace Duplex
