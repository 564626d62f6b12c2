import CCurlShim
import Foundation

/// One libcurl easy handle plus its capture buffers (headers or SMTP reply
/// lines, a bounded body prefix, the error buffer, the upload).
///
/// Not thread-safe: owned and used by one synchronous caller.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    private let transfer: OpaquePointer
    private var lists: [UnsafeMutablePointer<curl_slist>] = []

    init() throws(DeliveryError) {
        try CurlGlobal.ensure()
        guard let handle = breach_curl_easy_init() else {
            throw DeliveryError(.transportSetup, "libcurl could not create a handle (out of memory?)")
        }
        guard let transfer = breach_transfer_new() else {
            breach_curl_easy_cleanup(handle)
            throw DeliveryError(.transportSetup, "could not allocate transfer buffers (out of memory?)")
        }
        self.handle = handle
        self.transfer = transfer
    }

    deinit {
        breach_curl_easy_cleanup(handle)
        freeLists()
        breach_transfer_free(transfer)
    }

    /// Forgets every option (keeping the handle for reuse) and clears the buffers.
    func resetAll() {
        breach_curl_easy_reset(handle)
        freeLists()
        breach_transfer_reset(transfer)
    }

    /// Clears captured headers, body and error text, and rewinds the upload; keeps options.
    func resetCapture() {
        breach_transfer_reset(transfer)
    }

    /// Installs the capture callbacks (and the read callback when `upload`).
    func attachCapture(upload: Bool, bodyLimit: Int = 4096) throws(DeliveryError) {
        try check(breach_transfer_attach(transfer, handle, upload ? 1 : 0, bodyLimit), "callbacks")
    }

    /// Sets the bytes libcurl uploads (SMTP DATA) and CURLOPT_INFILESIZE_LARGE.
    func setUpload(_ data: Data) throws(DeliveryError) {
        let status = data.withUnsafeBytes { breach_transfer_set_upload(transfer, $0.baseAddress, $0.count) }
        if status != 0 { throw DeliveryError(.transportSetup, "could not allocate the upload buffer (out of memory?)") }
        try check(breach_curl_easy_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(data.count)), "CURLOPT_INFILESIZE_LARGE")
    }

    func set(_ option: CURLoption, _ value: Int, _ name: String) throws(DeliveryError) {
        try check(breach_curl_easy_setopt_long(handle, option, value), name)
    }

    func set(_ option: CURLoption, _ value: String, _ name: String) throws(DeliveryError) {
        try check(value.withCString { breach_curl_easy_setopt_string(handle, option, $0) }, name)
    }

    /// Sets a string option to NULL: libcurl's way to switch a default off (e.g. CURLOPT_CAPATH).
    func unset(_ option: CURLoption, _ name: String) throws(DeliveryError) {
        try check(breach_curl_easy_setopt_string(handle, option, nil), name)
    }

    /// Trusts exactly the CA bundle at `path`: CURLOPT_CAINFO, and CURLOPT_CAPATH off — otherwise the
    /// build's default certificate directory (/etc/ssl/certs on Debian) would still be trusted besides it.
    func trustOnly(caBundle path: String) throws(DeliveryError) {
        try set(CURLOPT_CAINFO, path, "CURLOPT_CAINFO")
        try unset(CURLOPT_CAPATH, "CURLOPT_CAPATH")
    }

    /// Copies `data` as the POST body (CURLOPT_POSTFIELDSIZE_LARGE then CURLOPT_COPYPOSTFIELDS).
    func setPostBody(_ data: Data) throws(DeliveryError) {
        try check(breach_curl_easy_setopt_off_t(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(data.count)), "CURLOPT_POSTFIELDSIZE_LARGE")
        // libcurl copies the bytes (COPYPOSTFIELDS), so Data's own buffer is handed over without a copy of ours;
        // an empty body still needs a valid pointer.
        var empty: UInt8 = 0
        let status = data.isEmpty
            ? breach_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, &empty)
            : data.withUnsafeBytes { breach_curl_easy_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress)) }
        try check(status, "CURLOPT_COPYPOSTFIELDS")
    }

    /// Sets a string-list option (headers, recipients); the list lives until the next reset.
    func set(_ option: CURLoption, list: [String], _ name: String) throws(DeliveryError) {
        var head: UnsafeMutablePointer<curl_slist>?
        for item in list {
            guard let next = breach_curl_slist_append(head, item) else {
                if let head { breach_curl_slist_free_all(head) }
                throw DeliveryError(.transportSetup, "could not allocate \(name) (out of memory?)")
            }
            head = next
        }
        try check(breach_curl_easy_setopt_slist(handle, option, head), name)
        if let head { lists.append(head) }
    }

    /// Runs the transfer synchronously (SMTP; webhooks go through `CurlMulti`).
    func perform() -> Int {
        Int(breach_curl_easy_perform(handle).rawValue)
    }

    /// CURLINFO_RESPONSE_CODE: the last HTTP status or SMTP reply code, 0 if none.
    var responseCode: Int {
        var value = 0
        _ = breach_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &value)
        return value
    }

    /// CURLINFO_TOTAL_TIME in seconds.
    var totalTime: Double {
        var value = 0.0
        _ = breach_curl_easy_getinfo_double(handle, CURLINFO_TOTAL_TIME, &value)
        return value
    }

    /// CURLINFO_NUM_CONNECTS: new connections this transfer had to open.
    var newConnections: Int {
        var value = 0
        _ = breach_curl_easy_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &value)
        return value
    }

    /// Captured header lines (HTTP) or server reply lines (SMTP).
    var capturedHeaders: String {
        var length = 0
        let bytes = breach_transfer_headers(transfer, &length)
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: length), as: UTF8.self)
    }

    /// libcurl's error-buffer text, or its generic text for `code`.
    func errorText(for code: Int) -> String {
        let buffer = String(cString: breach_transfer_error(transfer))
        if !buffer.isEmpty { return buffer }
        return String(cString: breach_curl_easy_strerror(CURLcode(UInt32(code))))
    }

    private func check(_ code: CURLcode, _ name: String) throws(DeliveryError) {
        if code != CURLE_OK {
            throw DeliveryError(.transportSetup, "libcurl refused \(name): \(String(cString: breach_curl_easy_strerror(code))); this libcurl (\(String(cString: breach_curl_version_number()))) may be too old or built without it")
        }
    }

    private func freeLists() {
        for list in lists { breach_curl_slist_free_all(list) }
        lists.removeAll()
    }
}
