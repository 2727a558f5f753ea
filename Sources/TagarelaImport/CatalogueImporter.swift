import Foundation
import Logging
import NIOCore
import TagarelaChannels
import TagarelaCore
import TagarelaObjectStorage
import TagarelaPostgres

/// `tagarela import-catalogue`: the photo script's catalogue (`table_descricao`, `table_image_link`) into the
/// contacts' catalogues. Each description's number becomes a contact (found by its phone, or created without any
/// message), each image is downloaded once through the outbound-fetch policy, checked by its bytes, kept as a
/// private file (where `MEDIA_STORAGE` says) and filed under its description. An image of the configured bucket
/// that cannot be downloaded so (a private bucket's URL), and a link that is only a key or an `s3://` URI, is read
/// from the bucket with the configured S3 settings instead.
///
/// Safe to run again: a photo's file id is derived from its link, so a photo already in the contact's catalogue
/// is skipped without a download, and one whose file was kept by a run that stopped before filing it is filed
/// without one. A photo that cannot be downloaded is reported and skipped; the rest are imported.
public struct CatalogueImporter: Sendable {
    /// The roles an import writes besides the files: contacts and catalogues.
    public typealias Store = IntakeStore & CatalogueStore

    /// What a description without words is filed under (the script required one, but a hand-made row may not).
    static let untitled = "sem descrição"

    let store: any Store
    /// The kept files: records in the store, bytes where `MEDIA_STORAGE` says.
    let files: any MediaStore
    let fetcher: OutboundFetcher
    /// The photo script's bucket, read with the configured keys; its prefix is empty, so keys are whole. Nil when no
    /// bucket is configured.
    let bucket: S3Client?
    /// The channel a new contact's replies would go to until they write (the photo script used Twilio).
    let replyChannel: ChannelKind
    /// Downloads at once.
    let concurrency: Int
    let timeout: Duration
    /// WhatsApp's limit for a photo, as for a photo a contact sends.
    let maxBytes: Int
    let report: @Sendable (ImportEvent) -> Void

    public init(
        store: any Store, files: any MediaStore, fetcher: OutboundFetcher, bucket: S3Client? = nil,
        replyChannel: ChannelKind = .twilio, concurrency: Int = 4,
        timeout: Duration = .seconds(60), maxBytes: Int = MediaLimits.whatsApp.image,
        report: @escaping @Sendable (ImportEvent) -> Void = { _ in }
    ) {
        self.store = store
        self.files = files
        self.fetcher = fetcher
        self.bucket = bucket
        self.replyChannel = replyChannel
        self.concurrency = max(1, concurrency)
        self.timeout = timeout
        self.maxBytes = maxBytes
        self.report = report
    }

    /// Reads the catalogue from the photo script's database, then imports it.
    @discardableResult
    public func run(from source: PostgresSettings, logger: Logger, now: Date = Date()) async throws -> ImportSummary {
        try await run(PhotoScriptCatalogue.read(from: source, logger: logger), now: now)
    }

    /// Imports `catalogue`; `now` is when the files are kept (each photo keeps the date the script saved it).
    @discardableResult
    public func run(_ catalogue: PhotoScriptCatalogue, now: Date = Date()) async throws -> ImportSummary {
        let clock = ContinuousClock()
        let started = clock.now
        var plan = try await self.plan(catalogue, now: now)
        report(.found(photos: catalogue.photos.count, contacts: plan.contacts, hosts: plan.policy.hosts))
        for failure in plan.failures { report(.failed(failure)) }
        report(.progress(plan.progress))
        let policy = plan.policy
        // A description's photos are filed one after another, in the table's order; descriptions run side by side.
        try await withThrowingTaskGroup(of: [ImportFailure?].self) { group in
            var pending = plan.items.makeIterator()
            for _ in 0..<concurrency {
                guard let item = pending.next() else { break }
                group.addTask { try await importItem(item, policy: policy, now: now) }
            }
            while let outcomes = try await group.next() {
                for outcome in outcomes {
                    if let failure = outcome {
                        plan.progress.failed += 1
                        report(.failed(failure))
                    } else {
                        plan.progress.imported += 1
                    }
                }
                report(.progress(plan.progress))
                if let item = pending.next() {
                    group.addTask { try await importItem(item, policy: policy, now: now) }
                }
            }
        }
        let summary = ImportSummary(
            progress: plan.progress, contacts: plan.contacts,
            descriptionsWithoutPhotos: catalogue.descriptionsWithoutPhotos, elapsed: clock.now - started)
        report(.finished(summary))
        return summary
    }

    /// A photo to download and file.
    struct PlannedPhoto: Sendable {
        var source: PhotoScriptPhoto
        var contactID: Int64
        var mediaID: String
        var text: CatalogueText
    }

    /// What the import will do: the photos still to import (by description), those that cannot be, and those
    /// already there.
    struct Plan: Sendable {
        var items: [[PlannedPhoto]] = []
        var failures: [ImportFailure] = []
        var progress: ImportProgress
        var contacts = 0
        var policy: OutboundPolicy
    }

    /// Finds or creates each number's contact and leaves out the photos already in their catalogues.
    func plan(_ catalogue: PhotoScriptCatalogue, now: Date) async throws -> Plan {
        // The operator's own table names the hosts: the images may come from those, and only over https to public
        // addresses (the fetcher's checks), with each redirect checked again.
        let hosts = Set(catalogue.photos.compactMap { Self.host(of: $0.link) }).sorted()
        var plan = Plan(
            progress: ImportProgress(total: catalogue.photos.count),
            policy: OutboundPolicy(use: "the photo script's images", hosts: hosts))
        var contacts: [String: Int64] = [:]
        var filed: [Int64: Set<String>] = [:]
        var plannedIDs: Set<String> = []
        // Each description's place in `plan.items`.
        var items: [Int64: Int] = [:]
        for photo in catalogue.photos {
            guard let description = photo.description else {
                plan.failures.append(failure(photo, "it belongs to no description (id_descricao names none)"))
                continue
            }
            guard let phone = photo.fromNumber.flatMap(PhotoScriptPhone.e164) else {
                let number = photo.fromNumber.map { "\"\(Redact.address($0))\"" } ?? "empty"
                plan.failures.append(
                    failure(photo, "its description's from_number (\(number)) is not a phone number"))
                continue
            }
            let contactID: Int64
            if let known = contacts[phone] {
                contactID = known
            } else {
                contactID = try await store.contactID(
                    for: ContactIdentity(phone: phone), channel: replyChannel,
                    replyAddress: Self.replyAddress(phone, on: replyChannel), at: now)
                contacts[phone] = contactID
                filed[contactID] = try await filedMedia(contactID: contactID)
            }
            let mediaID = Self.mediaID(link: photo.link)
            // Filed by an earlier run, or the same link twice in the table: one file, filed once.
            guard filed[contactID]?.contains(mediaID) != true, plannedIDs.insert(mediaID).inserted else {
                plan.progress.alreadyThere += 1
                continue
            }
            let words = description.trimmingCharacters(in: .whitespacesAndNewlines)
            let planned = PlannedPhoto(
                source: photo, contactID: contactID, mediaID: mediaID,
                text: CatalogueText(describing: words.isEmpty ? Self.untitled : words))
            if let index = items[photo.descriptionID ?? -photo.id] {
                plan.items[index].append(planned)
            } else {
                items[photo.descriptionID ?? -photo.id] = plan.items.count
                plan.items.append([planned])
            }
        }
        plan.progress.failed = plan.failures.count
        plan.contacts = contacts.count
        return plan
    }

    /// The files already in the contact's catalogue.
    func filedMedia(contactID: Int64) async throws -> Set<String> {
        let items = try await store.catalogueItems(contactID: contactID, matchingAny: [], limit: .max)
        return Set(items.flatMap { $0.photos.map(\.mediaID) })
    }

    /// Imports a description's photos in order: for each, the reason it could not be, or nil.
    func importItem(_ photos: [PlannedPhoto], policy: OutboundPolicy, now: Date) async throws -> [ImportFailure?] {
        var outcomes: [ImportFailure?] = []
        for photo in photos {
            outcomes.append(try await importPhoto(photo, policy: policy, now: now))
        }
        return outcomes
    }

    /// Downloads, keeps and files one photo; the reason it could not, or nil. A storage error ends the import.
    func importPhoto(_ photo: PlannedPhoto, policy: OutboundPolicy, now: Date) async throws -> ImportFailure? {
        let contentType: String
        if let kept = try await files.media(id: photo.mediaID) {
            // A run that stopped between keeping the file and filing it.
            guard kept.contactID == photo.contactID else {
                return failure(photo.source, "the same image is already kept for another contact")
            }
            contentType = kept.contentType
        } else {
            let file: (bytes: Data, contentType: String)
            do {
                file = try await download(photo.source.link, policy: policy)
            } catch {
                return failure(photo.source, "\(error)")
            }
            try await files.saveMedia(
                StoredMedia(
                    id: photo.mediaID, contactID: photo.contactID, contentType: file.contentType, bytes: file.bytes,
                    createdAt: now, expiresAt: .distantFuture, isPublic: false),
                purgingBefore: now)
            contentType = file.contentType
        }
        try await store.addPhotos(
            [NewCataloguePhoto(mediaID: photo.mediaID, messageID: nil, contentType: contentType)],
            contactID: photo.contactID, text: photo.text, waitingUntil: nil, now: photo.source.createdAt ?? now)
        return nil
    }

    /// The image's bytes and type, checked by its first bytes as a photo a contact sends is.
    func download(_ link: String, policy: OutboundPolicy) async throws -> (bytes: Data, contentType: String) {
        let bytes = try await fetch(link, policy: policy)
        guard let contentType = MediaSniffer.photoType(of: bytes) else {
            throw ImportRefusal("not a JPEG, PNG or WebP image")
        }
        return (bytes, contentType)
    }

    /// The bytes `link` names: downloaded when it is a web link, else (or when the download is refused and the link
    /// names an object of the configured bucket) read from the bucket.
    func fetch(_ link: String, policy: OutboundPolicy) async throws -> Data {
        let key = bucketKey(link)
        guard ["http", "https"].contains(URLComponents(string: link)?.scheme?.lowercased()) else {
            guard let key else {
                throw ImportRefusal(
                    bucket == nil
                        ? "not a web link, and no bucket is configured to read it from (S3_BUCKET or BUCKET_NAME)"
                        : "neither a web link nor a key or s3:// URI of bucket \(bucket?.settings.bucket ?? "")")
            }
            return try await read(key)
        }
        let response: OutboundFetcher.Response
        do {
            response = try await fetcher.get(link, policy: policy, timeout: timeout, maxBytes: maxBytes)
        } catch OutboundRefusal.tooLarge(_) {
            throw tooLarge
        } catch {
            guard let key else { throw error }
            return try await read(key, after: "\(error)")
        }
        guard response.status == 200 else {
            let refusal = "the host answered HTTP \(response.status)"
            guard let key else { throw ImportRefusal(refusal) }
            return try await read(key, after: refusal)
        }
        return response.body
    }

    /// The object `key` of the configured bucket, read with its keys; `after` says why a download came first.
    func read(_ key: String, after refusal: String? = nil) async throws -> Data {
        guard let bucket else { throw ImportRefusal("no bucket is configured") }
        do {
            let object = try await bucket.get(key: key)
            return Data(sharing: try await object.bytes(upTo: maxBytes))
        } catch .tooLarge {
            throw tooLarge
        } catch {
            throw ImportRefusal((refusal.map { "\($0), and from the bucket: " } ?? "") + "\(error)")
        }
    }

    /// The whole object key `link` names in the configured bucket: a key alone (`images/gato.jpg`, as the script
    /// wrote it), an `s3://` URI or a URL of the bucket; nil without a bucket, or for a link of anything else.
    func bucketKey(_ link: String) -> String? {
        guard let bucket else { return nil }
        let trimmed = link.trimmingCharacters(in: .whitespaces)
        guard trimmed.contains("://") else {
            let key = String(trimmed.drop { $0 == "/" })
            return key.isEmpty ? nil : key
        }
        return URL(string: trimmed).flatMap(bucket.settings.objectKey(named:))
    }

    /// A photo over the limit, as the operator reads it.
    var tooLarge: ImportRefusal {
        let limit = maxBytes % (1 << 20) == 0 ? "\(maxBytes >> 20) MB" : "\(maxBytes) bytes"
        return ImportRefusal("larger than \(limit), the limit for a photo")
    }

    func failure(_ photo: PhotoScriptPhoto, _ reason: String) -> ImportFailure {
        ImportFailure(photoID: photo.id, host: Self.host(of: photo.link), reason: reason)
    }

    /// A photo's file id, the same on every run for the same link (so a second run finds the first's files): 128
    /// bits of SHA-256, in the shape of `StoredMedia.newID()`. The file is private (never served by its id), so
    /// the id need not be unguessable.
    static func mediaID(link: String) -> String {
        String(StableHash.sha256Hex("tagarela photo-script import\n\(link)").prefix(32))
    }

    static func host(of link: String) -> String? {
        URLComponents(string: link)?.host?.lowercased()
    }

    /// Where a new contact's replies go on `channel`: Twilio's `whatsapp:+…`, Meta's digits.
    static func replyAddress(_ phone: String, on channel: ChannelKind) -> String {
        channel == .meta ? String(phone.dropFirst()) : "whatsapp:\(phone)"
    }
}

/// Why one image was not imported, as the operator reads it.
struct ImportRefusal: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
