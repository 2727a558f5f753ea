import Foundation
import Hummingbird
import HummingbirdCore

extension FakeTwilio {
    /// One read of the Account resource or its IncomingPhoneNumbers list, as received.
    public struct Read: Sendable, Equatable {
        public var path: String
        public var query: String?
        public var authorization: String?
    }

    /// The account and phone-number reads received, in order, refused ones included.
    public func reads() async -> [Read] { await state.reads }

    /// Makes `number` (`+digits`) one of the account's IncomingPhoneNumbers.
    public func own(number: String) async { await state.own(number) }
}

extension FakeTwilio.State {
    func read(_ read: FakeTwilio.Read) { reads.append(read) }
    func own(_ number: String) { phoneNumbers.insert(number) }
}

extension FakeTwilioHandler {
    /// `GET /2010-04-01/Accounts/{sid}.json` and `GET .../IncomingPhoneNumbers.json?PhoneNumber=`; nil for any
    /// other path. Wrong credentials get Twilio's 401 20003; another account's SID, 404 20404.
    /// (https://www.twilio.com/docs/iam/api/account, https://www.twilio.com/docs/phone-numbers/api/incomingphonenumber-resource)
    func account(path: String, query: String?, _ authorization: String?) async -> Response? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let isAccount = parts.count == 4 && parts[3].hasSuffix(".json")
        let isNumbers = parts.count == 5 && parts[4] == "IncomingPhoneNumbers.json"
        guard parts.count >= 4, parts[1] == "2010-04-01", parts[2] == "Accounts", isAccount || isNumbers else {
            return nil
        }
        await state.read(.init(path: path, query: query, authorization: authorization))
        let expected = "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        guard authorization == expected else { return TwilioError(401, 20003, "Authenticate").response }
        let sid = isAccount ? String(parts[3].dropLast(".json".count)) : parts[3]
        guard sid == accountSID else {
            return TwilioError(404, 20404, "The requested resource \(path) was not found").response
        }
        let uri = "/2010-04-01/Accounts/\(accountSID)"
        if isAccount {
            return jsonResponse(
                status: 200,
                [
                    "sid": accountSID, "owner_account_sid": accountSID, "friendly_name": "My first Twilio account",
                    "status": "active", "type": "Full", "auth_token": authToken,
                    "date_created": "Mon, 07 Dec 2026 10:00:00 +0000",
                    "date_updated": "Mon, 07 Dec 2026 10:00:00 +0000",
                    "uri": uri + ".json",
                    "subresource_uris": ["incoming_phone_numbers": uri + "/IncomingPhoneNumbers.json"],
                ])
        }
        let wanted = TwilioForm.decode(query ?? "")?["PhoneNumber"]?.first
        let owned = await state.phoneNumbers.filter { wanted == nil || $0 == wanted }.sorted()
        let numbers: [[String: Any]] = owned.map {
            [
                "account_sid": accountSID, "phone_number": $0, "friendly_name": $0,
                "sid": TwilioForm.newSID(prefix: "PN"),
            ]
        }
        return jsonResponse(
            status: 200,
            [
                "incoming_phone_numbers": numbers, "page": 0, "page_size": 50, "first_page_uri": NSNull(),
                "next_page_uri": NSNull(), "previous_page_uri": NSNull(), "uri": uri + "/IncomingPhoneNumbers.json",
            ])
    }
}
