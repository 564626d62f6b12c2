import Testing
@Suite struct KitPlaceholder { @Test func builds() { #expect(Bool(true)) } }
