import SwiftUI
import Vidi

/// A QR code drawn module by module from the core's matrix with `Canvas`,
/// black on white with a four-module quiet zone, as large as it may be.
///
/// It is one image for VoiceOver, labelled with `accessibilityLabel` (what
/// is being shown and when a new code comes), never with the payload.
struct QrCodeView: View {
    let matrix: QrMatrix
    let accessibilityLabel: String

    /// Light modules around the symbol, as the QR standard asks.
    private let quietZone = 4

    var body: some View {
        Canvas { context, size in
            let side = Int(matrix.size)
            let modules = side + 2 * quietZone
            let module = floor(min(size.width, size.height) / CGFloat(modules))
            let origin = CGPoint(
                x: (size.width - module * CGFloat(modules)) / 2,
                y: (size.height - module * CGFloat(modules)) / 2)
            context.fill(
                Path(CGRect(origin: origin, size: CGSize(width: module * CGFloat(modules), height: module * CGFloat(modules)))),
                with: .color(.white))
            var dark = Path()
            for y in 0..<side {
                for x in 0..<side where matrix.isDark(x: x, y: y) {
                    dark.addRect(
                        CGRect(
                            x: origin.x + CGFloat(x + quietZone) * module,
                            y: origin.y + CGFloat(y + quietZone) * module,
                            width: module, height: module))
                }
            }
            context.fill(dark, with: .color(.black))
        }
        .aspectRatio(1, contentMode: .fit)
        .accessibilityElement()
        .accessibilityAddTraits(.isImage)
        .accessibilityLabel(accessibilityLabel)
    }
}

/// The countdown to the next code as a ring that empties.
struct CountdownRing: View {
    /// What is left, from 1 (a fresh code) to 0 (the next one is due).
    let fraction: Double
    let seconds: Int

    var body: some View {
        ZStack {
            Circle().stroke(Color.secondary.opacity(0.25), lineWidth: 6)
            Circle()
                .trim(from: 0, to: max(0, min(1, fraction)))
                .stroke(Color.accentColor, style: StrokeStyle(lineWidth: 6, lineCap: .round))
                .rotationEffect(.degrees(-90))
                .animation(.linear(duration: 1), value: fraction)
            Text(seconds, format: .number)
                .font(.title3.monospacedDigit().bold())
        }
        .frame(width: 56, height: 56)
        // The screen's own label already says when the next code comes.
        .accessibilityHidden(true)
    }
}
