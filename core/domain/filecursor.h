// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

// What stat says of a file that tells whether it changed: which file it is (device, inode), its size,
// and its modification time.
struct FileStamp
{
    qint64 device = 0;
    qint64 inode = 0;
    qint64 size = 0;
    qint64 mtimeNs = 0;

    friend bool operator==(const FileStamp&, const FileStamp&) = default;
};

// Where ingest stopped in one source file, and the identity of the file it stopped in. A file whose
// identity changed or that shrank is re-read from 0 (idempotent keys drop what was already stored).
struct FileCursor
{
    QString path;
    qint64 device = 0;
    qint64 inode = 0;
    qint64 size = 0;
    qint64 mtimeNs = 0;
    qint64 offset = 0; // byte after the last complete line consumed (a database: the reader's watermark)
    QByteArray parserState; // LineParser::saveState() at offset
};
Q_DECLARE_METATYPE(FileCursor)
