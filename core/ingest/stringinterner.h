// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <string_view>
#include <vector>

// Hands out one shared copy of each of the few strings a file repeats (tool names): a log names a
// handful of tools over and over, and every copy in a batch is allocated on the parse thread and freed
// on it again. Linear: it is meant for a few dozen strings, and stops remembering new ones past the cap
// (MCP servers can bring many tools; the rest are copied each time).
class StringInterner
{
public:
    explicit StringInterner(size_t cap = 64)
        : m_cap(cap)
    { }

    QByteArray get(std::string_view text)
    {
        const QByteArrayView view(text.data(), qsizetype(text.size()));
        for (const QByteArray& known : m_strings) {
            if (known == view)
                return known;
        }
        QByteArray copy(text.data(), qsizetype(text.size()));
        if (m_strings.size() < m_cap)
            m_strings.push_back(copy);
        return copy;
    }

private:
    size_t m_cap;
    std::vector<QByteArray> m_strings;
};
