import BreachDomain
import Testing

@Suite("Contact streams")
struct ContactStreamTests {
    @Test(arguments: ["acme-admin", "dpa", "a:b", ""])
    func aContactsStreamNamesItBack(id: String) {
        #expect(Contact.id(ofStream: Contact.stream(id)) == id)
    }

    @Test(arguments: ["INC-1", "INC-contact:1", "contact", "Contact:acme", ""])
    func anyOtherStreamNamesNoContact(stream: String) {
        #expect(Contact.id(ofStream: stream) == nil)
    }
}
