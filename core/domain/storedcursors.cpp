// SPDX-License-Identifier: MIT
#include "storedcursors.h"

#include <QStringEncoder>
#include <QVarLengthArray>

const FileCursor* StoredCursors::find(const QString& path) const
{
    // Encoded into a buffer on the stack (up to 1 KiB of path) rather than a QByteArray per lookup.
    QVarLengthArray<char, 1024> utf8(path.size() * 3);
    QStringEncoder encoder(QStringEncoder::Utf8);
    const char* end = encoder.appendToBuffer(utf8.data(), path);
    const auto found = m_byPath.constFind(keyOf(QByteArrayView(utf8.data(), end - utf8.data())));
    return found == m_byPath.constEnd() ? nullptr : &found.value();
}
