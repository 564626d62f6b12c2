import BreachDomain
import Foundation
import Testing

@Suite struct UTF8ScanTests {
    @Test(arguments: [
        ("", false), ("\r", true), ("line one\r\nline two", true), ("no return here\n", false),
        // A multi-byte character never contains the byte: UTF-8 continuation bytes are 0x80 and above.
        ("Grüße – ✓", false), (String(repeating: "long text ", count: 500) + "\r", true),
    ])
    func findsAByteAnywhereInTheText(text: String, expected: Bool) {
        #expect(UTF8Scan.contains(UInt8(ascii: "\r"), in: text) == expected)
    }

    @Test func findsTheByteInATextThatIsNotNativeStorage() {
        // A substring's copy through NSString: whatever its storage, the answer is the same.
        let bridged = String(NSString(string: "abc\rdef"))
        #expect(UTF8Scan.contains(UInt8(ascii: "\r"), in: bridged))
        #expect(!UTF8Scan.contains(UInt8(ascii: "x"), in: bridged))
    }

    @Test(arguments: [
        ("", true), ("Breach notice for INC-1", true), (" ~", true), ("tab\there", false), ("del\u{7F}", false),
        ("naïve", false), ("line\n", false),
    ])
    func printableASCIIIsSpaceToTilde(text: String, expected: Bool) {
        #expect(UTF8Scan.isPrintableASCII(text) == expected)
    }
}
