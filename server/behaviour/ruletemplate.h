#pragma once

#include <QCoreApplication>
#include <QJsonDocument>
#include <QList>
#include <QString>
#include <QStringList>

namespace Duplex {

// What a rule's reply is made from: the event that fired it.
struct TemplateInput
{
    QString text; // the message received (empty for open and close, and for binary messages)
    quint64 id = 0;
    QString name;
    QString path; // request path and query, as ConnectionInfo::path
    QStringList captures; // regex groups 1…9
    const QJsonDocument *json = nullptr; // the message parsed as JSON, when it is
    quint64 counter = 0; // how many times the rule has fired, this time included
};

// A reply template compiled once: "{{\"type\":\"ok\",\"user\":\"{json.user}\"}}". Fields: {text} {id} {name}
// {time} {path} {query.NAME} {1}…{9} {json.PATH} {counter} {random}; {{ and }} are literal braces.
class RuleTemplate final
{
    Q_DECLARE_TR_FUNCTIONS(Duplex::RuleTemplate)

public:
    // What the fields need, so that a rule can be checked against where it is used.
    struct Needs
    {
        bool text = false;
        bool json = false;
        int capture = 0; // the highest {N}
    };

    // False with *error set when the template has an unknown field or an unpaired brace.
    bool compile(const QString &source, QString *error);
    QString expand(const TemplateInput &input) const;
    Needs needs() const { return m_needs; }
    bool isEmpty() const { return m_parts.isEmpty(); }

    // The value at a dotted path ("user.id", "items.0.name") of a JSON document; undefined when absent.
    static QJsonValue valueAt(const QJsonDocument &document, const QStringList &path);
    // A JSON value as template text: strings bare, numbers and bools as JSON, objects and arrays as compact JSON.
    static QString jsonText(const QJsonValue &value);

private:
    struct Part
    {
        enum class Kind { Literal, Text, Id, Name, Time, Path, Query, Capture, Json, Counter, Random };
        Kind kind = Kind::Literal;
        QString literal; // Literal: the text; Query: the parameter name
        QStringList path; // Json
        int capture = 0; // Capture
    };
    QList<Part> m_parts;
    Needs m_needs;
};

} // namespace Duplex
