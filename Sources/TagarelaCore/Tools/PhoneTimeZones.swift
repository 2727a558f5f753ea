/// The time zone a phone number most likely lives in, from its country calling code. Countries that span
/// several zones get their most populous one, except Brazil, where the area code (DDD) tells the zone.
public enum PhoneTimeZones {
    /// The IANA zone for an E.164 number (`+5592…`, `5592…`), or nil when the code is not in the table.
    public static func zone(forPhone phone: String) -> String? {
        let digits = String(phone.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
        guard !digits.isEmpty else { return nil }
        if digits.hasPrefix("55"), digits.count >= 4 {
            let areaCode = String(digits.dropFirst(2).prefix(2))
            return brazilByAreaCode[areaCode] ?? "America/Sao_Paulo"
        }
        // Calling codes are prefix-free: at most one length matches.
        for length in (1...3).reversed() where digits.count > length {
            if let zone = byCallingCode[String(digits.prefix(length))] { return zone }
        }
        return nil
    }

    /// Brazilian area codes outside Brasília time (UTC-3); every other DDD is on it.
    static let brazilByAreaCode: [String: String] = [
        "92": "America/Manaus", "97": "America/Manaus", "95": "America/Boa_Vista",
        "69": "America/Porto_Velho", "65": "America/Cuiaba", "66": "America/Cuiaba",
        "67": "America/Campo_Grande", "68": "America/Rio_Branco",
    ]

    static let byCallingCode: [String: String] = [
        "1": "America/New_York", "7": "Europe/Moscow", "20": "Africa/Cairo", "27": "Africa/Johannesburg",
        "30": "Europe/Athens", "31": "Europe/Amsterdam", "32": "Europe/Brussels", "33": "Europe/Paris",
        "34": "Europe/Madrid", "36": "Europe/Budapest", "39": "Europe/Rome", "40": "Europe/Bucharest",
        "41": "Europe/Zurich", "43": "Europe/Vienna", "44": "Europe/London", "45": "Europe/Copenhagen",
        "46": "Europe/Stockholm", "47": "Europe/Oslo", "48": "Europe/Warsaw", "49": "Europe/Berlin",
        "51": "America/Lima", "52": "America/Mexico_City", "53": "America/Havana",
        "54": "America/Argentina/Buenos_Aires", "56": "America/Santiago", "57": "America/Bogota",
        "58": "America/Caracas", "60": "Asia/Kuala_Lumpur", "61": "Australia/Sydney", "62": "Asia/Jakarta",
        "63": "Asia/Manila", "64": "Pacific/Auckland", "65": "Asia/Singapore", "66": "Asia/Bangkok",
        "81": "Asia/Tokyo", "82": "Asia/Seoul", "84": "Asia/Ho_Chi_Minh", "86": "Asia/Shanghai",
        "90": "Europe/Istanbul", "91": "Asia/Kolkata", "92": "Asia/Karachi", "93": "Asia/Kabul",
        "94": "Asia/Colombo", "95": "Asia/Yangon", "98": "Asia/Tehran", "212": "Africa/Casablanca",
        "213": "Africa/Algiers", "216": "Africa/Tunis", "218": "Africa/Tripoli", "221": "Africa/Dakar",
        "225": "Africa/Abidjan", "233": "Africa/Accra", "234": "Africa/Lagos", "238": "Atlantic/Cape_Verde",
        "239": "Africa/Sao_Tome", "244": "Africa/Luanda", "245": "Africa/Bissau", "251": "Africa/Addis_Ababa",
        "254": "Africa/Nairobi", "255": "Africa/Dar_es_Salaam", "256": "Africa/Kampala",
        "258": "Africa/Maputo", "260": "Africa/Lusaka", "263": "Africa/Harare", "351": "Europe/Lisbon",
        "352": "Europe/Luxembourg", "353": "Europe/Dublin", "354": "Atlantic/Reykjavik", "356": "Europe/Malta",
        "357": "Asia/Nicosia", "358": "Europe/Helsinki", "359": "Europe/Sofia", "370": "Europe/Vilnius",
        "371": "Europe/Riga", "372": "Europe/Tallinn", "380": "Europe/Kyiv", "381": "Europe/Belgrade",
        "385": "Europe/Zagreb", "386": "Europe/Ljubljana", "420": "Europe/Prague", "421": "Europe/Bratislava",
        "502": "America/Guatemala", "503": "America/El_Salvador", "504": "America/Tegucigalpa",
        "505": "America/Managua", "506": "America/Costa_Rica", "507": "America/Panama",
        "591": "America/La_Paz", "593": "America/Guayaquil", "595": "America/Asuncion",
        "598": "America/Montevideo", "670": "Asia/Dili", "852": "Asia/Hong_Kong", "853": "Asia/Macau",
        "880": "Asia/Dhaka", "886": "Asia/Taipei", "961": "Asia/Beirut", "962": "Asia/Amman",
        "965": "Asia/Kuwait", "966": "Asia/Riyadh", "971": "Asia/Dubai", "972": "Asia/Jerusalem",
        "974": "Asia/Qatar", "977": "Asia/Kathmandu",
    ]
}
