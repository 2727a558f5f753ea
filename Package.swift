// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Tagarela",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tagarela", targets: ["tagarela"]),
        .executable(name: "tagarela-bench", targets: ["tagarela-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // TOOLS_FILE in YAML (JSON is YAML too, but Foundation reads it directly).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Realtime voice: the WebSocket client (TagarelaProviders) and, for the fake Realtime server only, the server side.
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        // Property-based tests only (a test dependency: no target that ships links it).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        // The domain and its seams: no web framework, HTTP client or database here.
        .target(
            name: "TagarelaCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TagarelaSQLite",
            dependencies: [
                "TagarelaCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TagarelaPostgres",
            dependencies: [
                "TagarelaCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TagarelaProviders",
            dependencies: [
                "TagarelaCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TagarelaChannels",
            dependencies: [
                "TagarelaCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // S3-compatible object storage (photos): a SigV4 signer and a client over AsyncHTTPClient, no AWS SDK.
        .target(
            name: "TagarelaObjectStorage",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // `tagarela copy-to-postgres`: an SQLite file's rows into an empty PostgreSQL database.
        .target(
            name: "TagarelaCopy",
            dependencies: [
                "TagarelaCore",
                "TagarelaSQLite",
                "TagarelaPostgres",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // `tagarela import-catalogue`: the photo script's catalogue (its PostgreSQL tables, its images) into Tagarela's.
        .target(
            name: "TagarelaImport",
            dependencies: [
                "TagarelaCore",
                "TagarelaPostgres",
                "TagarelaChannels",
                "TagarelaObjectStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TagarelaServer",
            dependencies: [
                "TagarelaCore",
                "TagarelaSQLite",
                "TagarelaPostgres",
                "TagarelaProviders",
                "TagarelaChannels",
                "TagarelaCopy",
                "TagarelaObjectStorage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Strict fakes of Twilio and OpenAI, shared by the tests and the benchmark.
        .target(
            name: "TagarelaFakes",
            dependencies: [
                "TagarelaCore",
                "TagarelaObjectStorage",
                "TagarelaChannels",
                "TagarelaPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tagarela",
            dependencies: [
                "TagarelaServer",
                "TagarelaSQLite",
                "TagarelaCopy",
                "TagarelaImport",
                "TagarelaCore",
                "TagarelaChannels",
                "TagarelaPostgres",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tagarela-bench",
            dependencies: [
                "TagarelaFakes",
                "TagarelaCore",
                "TagarelaChannels",
                // The parsers phase calls the formatter, the splitter and the .env parser directly.
                "TagarelaServer",
                "TagarelaPostgres",
                // The knowledge phase searches the stores and indexes through the embedder directly.
                "TagarelaSQLite",
                "TagarelaProviders",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagarelaCoreTests",
            dependencies: [
                "TagarelaCore", "TagarelaFakes", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagarelaStorageTests",
            dependencies: [
                "TagarelaCore", "TagarelaSQLite", "TagarelaPostgres", "TagarelaFakes",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            // The fakes' own fidelity: they refuse what the real services refuse.
            name: "TagarelaFakesTests",
            dependencies: [
                "TagarelaFakes", "TagarelaChannels",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagarelaChannelsTests",
            dependencies: [
                "TagarelaChannels", "TagarelaFakes", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            // The signer against botocore's vectors; the client against moto (scripts/moto-for-tests).
            name: "TagarelaObjectStorageTests",
            dependencies: [
                "TagarelaObjectStorage", "TagarelaFakes",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            // The import against a real PostgreSQL holding the photo script's tables, into SQLite.
            name: "TagarelaImportTests",
            dependencies: [
                "TagarelaImport", "TagarelaCore", "TagarelaChannels", "TagarelaSQLite", "TagarelaPostgres",
                "TagarelaFakes", "TagarelaObjectStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagarelaProvidersTests",
            dependencies: ["TagarelaProviders", "TagarelaFakes"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TagarelaServerTests",
            dependencies: [
                "TagarelaServer",
                "TagarelaProviders",
                "TagarelaObjectStorage",
                "TagarelaCopy",
                "TagarelaFakes",
                "TagarelaChannels",
                "TagarelaCore",
                "TagarelaSQLite",
                "TagarelaPostgres",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
