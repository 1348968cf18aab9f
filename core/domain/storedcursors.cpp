// SPDX-License-Identifier: MIT
#include "storedcursors.h"

#include <QStringDecoder>
#include <QVarLengthArray>

void StoredCursors::insert(QByteArrayView utf8Path, const FileCursor& cursor)
{
    // UTF-16 takes at most one code unit per UTF-8 byte; paths up to 1,024 bytes stay on the stack.
    QVarLengthArray<QChar, 1024> utf16(utf8Path.size());
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QStringView path(utf16.data(), decoder.appendToBuffer(utf16.data(), utf8Path) - utf16.data());
    m_byPath.insert(m_key(path), Entry { cursor, checkOf(path) });
}
