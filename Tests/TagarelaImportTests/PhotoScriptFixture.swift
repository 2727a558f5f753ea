import Foundation
import PostgresNIO
import TagarelaFakes
import TagarelaPostgres

/// The photo script's database as its tables held it, on a fresh PostgreSQL database, and its public bucket as
/// a fake web host.
struct PhotoScriptFixture {
    /// Image bytes by path: real signatures, and a text file posing as a photo.
    static let files: [String: [UInt8]] = [
        "/images/gato-1.jpg": [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 1, count: 3000),
        "/images/gato-2.png": [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 2, count: 2000),
        "/images/bolo.webp": Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8 ".utf8)
            + Array(repeating: 3, count: 900),
        "/images/bicicleta.jpg": [0xFF, 0xD8, 0xFF, 0xE1] + Array(repeating: 4, count: 4000),
        "/images/lista.jpg": Array("not a photo at all".utf8),
        "/images/vaso.jpg": [0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 5, count: 100),
    ]

    /// Ana's number as E.164 and as digits; Bruno's short enough for `whatsapp:` to fit the script's VARCHAR(20)
    /// (a Brazilian number with the prefix does not).
    static let ana = "+5511987654321"
    static let bruno = "+4930123456"

    /// Creates the script's two tables (its own DDL) and its rows: Ana has two descriptions (three photos), Bruno
    /// one with a photo and a broken link, a description has no photo, one row a text file, one a number that is
    /// not one.
    static func create(on settings: PostgresSettings, bucket: String) async throws {
        try await PostgresTestDatabase.withStore(settings) { store in
            let statements: [String] = [
                """
                CREATE TABLE table_descricao (
                    id SERIAL PRIMARY KEY,
                    descricao TEXT NOT NULL,
                    from_number VARCHAR(20),
                    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
                )
                """,
                """
                CREATE TABLE table_image_link (
                    id SERIAL PRIMARY KEY,
                    image_link TEXT NOT NULL,
                    id_descricao INTEGER REFERENCES table_descricao(id),
                    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
                )
                """,
                """
                INSERT INTO table_descricao (descricao, from_number, created_at) VALUES
                    ('Meu gato dormindo no sofá', '\(ana)', '2025-03-01 10:00:00'),
                    ('Bolo de aniversário', '\(ana.dropFirst())', '2025-03-02 11:00:00'),
                    ('Minha bicicleta', 'whatsapp:\(bruno)', '2025-04-01 09:00:00'),
                    ('Só a descrição', '\(bruno)', '2025-04-02 09:00:00'),
                    ('Lista de compras', 'whatsapp:\(bruno)', '2025-04-03 09:00:00'),
                    ('Vaso de flores', 'whatsapp:', '2025-04-04 09:00:00')
                """,
                """
                INSERT INTO table_image_link (image_link, id_descricao, created_at) VALUES
                    ('\(bucket)/images/gato-1.jpg', 1, '2025-03-01 10:00:05'),
                    ('\(bucket)/images/gato-2.png', 1, '2025-03-01 10:00:06'),
                    ('\(bucket)/images/bolo.webp', 2, NULL),
                    ('\(bucket)/images/bicicleta.jpg', 3, '2025-04-01 09:00:05'),
                    ('\(bucket)/images/sumiu.jpg', 3, '2025-04-01 09:00:06'),
                    ('\(bucket)/images/lista.jpg', 5, '2025-04-03 09:00:05'),
                    ('\(bucket)/images/vaso.jpg', 6, '2025-04-04 09:00:05')
                """,
            ]
            for statement in statements {
                _ = try await store.client.query(
                    PostgresQuery(unsafeSQL: statement), logger: PostgresTestDatabase.quiet
                )
                .collect()
            }
        }
    }
}
