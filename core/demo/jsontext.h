// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace JsonText {
// Appends text as the inside of a JSON string: quotes, backslashes and control characters escaped.
inline void appendEscaped(std::string& out, std::string_view text)
{
    static const char hex[] = "0123456789abcdef";
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(text.data() + start, i - start);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
        start = i + 1;
    }
    out.append(text.data() + start, text.size() - start);
}
} // namespace JsonText
