import BreachDomain
import Testing

@Suite("ByteBuffer")
struct ByteBufferTests {
    @Test func writesNumbersAsStringDoes() {
        var buffer = ByteBuffer()
        for number in [Int64.min, -10, -9, -1, 0, 1, 9, 10, 99, 100, 1_234_567, Int64.max] {
            buffer.removeAll()
            buffer.append(atMost: 20) { $0.writeDecimal(number) }
            #expect(buffer.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == String(number))
            #expect(ByteBuffer.decimalLength(number) == String(number).count)
        }
    }

    @Test func growsKeepingItsContentsAndIsReusedAfterRemoveAll() {
        // Given a buffer smaller than what is appended
        var buffer = ByteBuffer(capacity: 1)
        let long = String(repeating: "ab✓", count: 100)
        buffer.append(UInt8(ascii: "<"))
        buffer.append(long)
        buffer.append(atMost: 3 + 20 + 3 + 2) { cursor in
            cursor.write(UInt8(ascii: "|"))
            cursor.writeDecimal(-42)
            cursor.write("")
            Array("end".utf8).withUnsafeBytes { cursor.write($0) }
        }
        Array("|".utf8).withUnsafeBytes { buffer.append($0) }
        buffer.append("")
        // Then everything is there, in order
        #expect(buffer.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == "<" + long + "|-42end|")
        #expect(buffer.count == 1 + long.utf8.count + 8)
        // And after removeAll the next row starts empty
        buffer.removeAll()
        buffer.append("x")
        #expect(buffer.withUnsafeBytes { Array($0) } == [UInt8(ascii: "x")])
    }

    @Test func aCopyIsIndependent() {
        var original = ByteBuffer()
        original.append("shared")
        var copy = original
        copy.append("+copy")
        original.removeAll()
        original.append("other")
        #expect(copy.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == "shared+copy")
        #expect(original.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == "other")
    }
}
