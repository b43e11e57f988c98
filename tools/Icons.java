// Draws the web client's icons (favicon.ico, icon-192.png, icon-512.png, icon-maskable-512.png) with
// Java2D. Run from the repository root with a JDK 11+:
//   java -Djava.awt.headless=true tools/Icons.java parley-server/src/main/resources/static
import java.awt.*;
import java.awt.geom.*;
import java.awt.image.BufferedImage;
import java.io.*;
import java.nio.file.*;
import javax.imageio.ImageIO;

public class Icons {
    static BufferedImage draw(int size, boolean maskable) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double s = size;
        g.setColor(new Color(0x2f6fed));
        if (maskable) g.fill(new Rectangle2D.Double(0, 0, s, s));
        else g.fill(new RoundRectangle2D.Double(s * 0.03, s * 0.03, s * 0.94, s * 0.94, s * 0.25, s * 0.25));
        double k = maskable ? 0.8 : 1.0, o = (1 - k) / 2 * s;
        g.setColor(Color.WHITE);
        Path2D bubble = new Path2D.Double();
        bubble.append(new RoundRectangle2D.Double(o + s * k * 0.2, o + s * k * 0.24, s * k * 0.6, s * k * 0.42, s * k * 0.16, s * k * 0.16), false);
        g.fill(bubble);
        Path2D tail = new Path2D.Double();
        tail.moveTo(o + s * k * 0.32, o + s * k * 0.6);
        tail.lineTo(o + s * k * 0.28, o + s * k * 0.78);
        tail.lineTo(o + s * k * 0.48, o + s * k * 0.64);
        tail.closePath();
        g.fill(tail);
        g.setColor(new Color(0x2f6fed));
        for (int i = 0; i < 3; i++) {
            double r = s * k * 0.05;
            g.fill(new Ellipse2D.Double(o + s * k * (0.35 + i * 0.15) - r, o + s * k * 0.45 - r, 2 * r, 2 * r));
        }
        g.dispose();
        return img;
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.write(dir.resolve("icon-192.png"), png(draw(192, false)));
        Files.write(dir.resolve("icon-512.png"), png(draw(512, false)));
        Files.write(dir.resolve("icon-maskable-512.png"), png(draw(512, true)));
        // favicon.ico: one 32x32 PNG image in an ICO container
        byte[] p = png(draw(32, false));
        ByteArrayOutputStream ico = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ico);
        d.write(new byte[] {0, 0, 1, 0, 1, 0});
        d.write(new byte[] {32, 32, 0, 0, 1, 0, 32, 0});
        d.writeInt(Integer.reverseBytes(p.length));
        d.writeInt(Integer.reverseBytes(22));
        d.write(p);
        Files.write(dir.resolve("favicon.ico"), ico.toByteArray());
    }
}
