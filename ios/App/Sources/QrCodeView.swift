import SwiftUI
import Vidi

/// A QR code drawn module by module from the core's matrix with `Canvas`,
/// black on white inside the matrix's quiet zone, as large as it may be.
///
/// It is one image for VoiceOver, labelled with `accessibilityLabel` (what
/// is being shown and when a new code comes), never with the payload.
struct QrCodeView: View {
    let matrix: QrImage
    let accessibilityLabel: String

    var body: some View {
        Canvas { context, size in
            let side = Int(matrix.size)
            let quietZone = Int(matrix.quietZone)
            let modules = side + 2 * quietZone
            let module = floor(min(size.width, size.height) / CGFloat(modules))
            let origin = CGPoint(
                x: (size.width - module * CGFloat(modules)) / 2,
                y: (size.height - module * CGFloat(modules)) / 2)
            context.fill(
                Path(CGRect(origin: origin, size: CGSize(width: module * CGFloat(modules), height: module * CGFloat(modules)))),
                with: .color(.white))
            var dark = Path()
            let bits = [UInt8](matrix.modules)
            for y in 0..<side {
                for x in 0..<side where y * side + x < bits.count && bits[y * side + x] != 0 {
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
