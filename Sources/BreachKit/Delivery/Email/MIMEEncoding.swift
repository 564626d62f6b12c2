import Foundation

/// The small MIME encoders an email needs: RFC 2047 encoded-words for
/// header text and quoted-printable (RFC 2045) for bodies.
public enum MIMEEncoding {
    /// `text` as-is when it is printable ASCII and short enough for one line;
    /// else RFC 2047 `=?UTF-8?B?…?=` words of at most 75 characters, split on
    /// character boundaries and folded with CRLF + space.
    /// `headerNameLength` is the length of `Name: ` before the value.
    public static func encodeHeaderText(_ text: String, headerNameLength: Int) -> String {
        let plain = text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        if plain && headerNameLength + text.utf8.count <= 78 && !text.contains("=?") {
            return text
        }
        // Lines stay within 78 characters: a continuation line is " " + a word of at most
        // 75 characters (63 base64 characters → 45 bytes); the first line also holds "Name: ".
        // Chunks are multiples of 3 bytes of whole characters, so every word decodes on its own.
        let overhead = "=?UTF-8?B?".count + "?=".count
        let firstMaxBytes = max(3, ((78 - headerNameLength - overhead) / 4) * 3)
        let maxBytes = 45
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            let limit = words.isEmpty ? firstMaxBytes : maxBytes
            if chunk.count + bytes.count > limit && !chunk.isEmpty {
                words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
                chunk.removeAll()
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
        return words.joined(separator: "\r\n ")
    }

    /// Quoted-printable encoding of `text` with CRLF line breaks and soft
    /// breaks keeping every line at most 76 characters.
    public static func quotedPrintable(_ text: String) -> String {
        var output = ""
        let lines = text.components(separatedBy: "\r\n")
        for (index, line) in lines.enumerated() {
            var current = ""
            let bytes = Array(line.utf8)
            for (position, byte) in bytes.enumerated() {
                let isLast = position == bytes.count - 1
                var piece: String
                if (byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !isLast) {
                    piece = String(UnicodeScalar(byte))
                } else {
                    piece = "=" + String(format: "%02X", byte)
                }
                if current.count + piece.count > 75 {
                    output += current + "=\r\n"
                    current = ""
                }
                current += piece
            }
            output += current
            if index < lines.count - 1 { output += "\r\n" }
        }
        return output
    }
}
