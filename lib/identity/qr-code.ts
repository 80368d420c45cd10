import QRCode from "qrcode";

/** A QR code as an SVG data URL, rendered on the server: a TOTP secret never goes to a third-party QR service. */
export async function qrSvgDataUrl(text: string): Promise<string> {
  return `data:image/svg+xml;base64,${Buffer.from(await QRCode.toString(text, { type: "svg", margin: 1 })).toString("base64")}`;
}
