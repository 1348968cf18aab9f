// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QtEndian>

// Appends values in the byte layout QDataStream gives them in Qt 6.4 (big-endian integers, a bool as
// one byte, a QByteArray as its 32-bit length and bytes, 0xffffffff for a null one), so that what it
// writes reads back with QDataStream. A parser's state is saved once per file: through QDataStream on
// a QBuffer that was a virtual call and a resize per value, 1.4 % of a cold Codex parse thread.
class DataStreamWriter
{
public:
    explicit DataStreamWriter(qsizetype reserve) { m_bytes.reserve(reserve); }

    DataStreamWriter& operator<<(qint32 value) { return appendBigEndian(value); }
    DataStreamWriter& operator<<(qint64 value) { return appendBigEndian(value); }
    DataStreamWriter& operator<<(bool value)
    {
        m_bytes.append(char(value ? 1 : 0));
        return *this;
    }
    DataStreamWriter& operator<<(const QByteArray& value)
    {
        if (value.isNull())
            return appendBigEndian(quint32(0xffffffff));
        appendBigEndian(quint32(value.size()));
        m_bytes.append(value);
        return *this;
    }

    // Any other type (a qint16, a char, an enum, a const char*) would take one of the overloads above
    // and be written in another size than QDataStream gives it: refused at compile time instead.
    template <typename T> DataStreamWriter& operator<<(T) = delete;

    QByteArray take() { return std::move(m_bytes); }

private:
    template <typename T> DataStreamWriter& appendBigEndian(T value)
    {
        char raw[sizeof(T)];
        qToBigEndian(value, raw);
        m_bytes.append(raw, qsizetype(sizeof(T)));
        return *this;
    }

    QByteArray m_bytes;
};
