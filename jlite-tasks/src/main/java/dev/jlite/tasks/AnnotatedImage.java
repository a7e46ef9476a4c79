package dev.jlite.tasks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws task results over a copy of an image with java.awt: boxes with label and score, keypoints, skeleton lines,
 * rotated regions and translucent masks; writes PNG. Calls chain; the source image is not modified.
 */
public final class AnnotatedImage {
    private final BufferedImage canvas;
    private final Graphics2D g;
    private final float scale;

    /** Starts from a copy of the image. */
    public AnnotatedImage(BufferedImage source) {
        canvas = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        g = canvas.createGraphics();
        g.drawImage(source, 0, 0, null);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        // Line widths and text grow with the image so drawings stay legible on large photos.
        scale = Math.max(1f, Math.max(source.getWidth(), source.getHeight()) / 512f);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.round(13 * scale)));
    }

    /** A box with a caption above it (below its top edge when there is no room). */
    public AnnotatedImage box(BoundingBox box, String caption, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(2 * scale));
        g.draw(new Rectangle2D.Float(box.left(), box.top(), box.width(), box.height()));
        if (caption != null && !caption.isEmpty()) {
            FontMetrics fm = g.getFontMetrics();
            int tw = fm.stringWidth(caption) + 6;
            int th = fm.getHeight();
            float x = Math.max(0, Math.min(box.left(), canvas.getWidth() - tw));
            float y = box.top() - th >= 0 ? box.top() - th : box.top();
            g.fill(new Rectangle2D.Float(x, y, tw, th));
            g.setColor(textColorOn(color));
            g.drawString(caption, x + 3, y + fm.getAscent());
        }
        return this;
    }

    /** A detection: its box captioned "label score", and its keypoints. */
    public AnnotatedImage detection(Detection d, Color color) {
        box(d.box(), String.format(Locale.ROOT, "%s %.2f", d.label(), d.score()), color);
        return points(d.keypoints(), color, 3);
    }

    /** Several detections in one color. */
    public AnnotatedImage detections(List<Detection> detections, Color color) {
        for (Detection d : detections) {
            detection(d, color);
        }
        return this;
    }

    /** Filled dots of the given radius (in pixels of a 512-pixel image). */
    public AnnotatedImage points(List<Point> points, Color color, float radius) {
        g.setColor(color);
        float r = radius * scale;
        for (Point p : points) {
            g.fill(new Ellipse2D.Float(p.x() - r, p.y() - r, 2 * r, 2 * r));
        }
        return this;
    }

    /** Landmarks as dots joined by the given connections (pairs of indices; may be empty). */
    public AnnotatedImage landmarks(List<Landmark> landmarks, int[][] connections, Color lines, Color dots,
            float radius) {
        g.setColor(lines);
        g.setStroke(new BasicStroke(2 * scale, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int[] c : connections) {
            Landmark a = landmarks.get(c[0]);
            Landmark b = landmarks.get(c[1]);
            g.draw(new Line2D.Float(a.x(), a.y(), b.x(), b.y()));
        }
        return points(landmarks.stream().map(Landmark::point).toList(), dots, radius);
    }

    /** The outline of a rotated rectangle, with a tick on its top edge to show which way is up. */
    public AnnotatedImage rotatedRect(RotatedRect r, Color color) {
        Point[] c = r.corners();
        Path2D.Float path = new Path2D.Float();
        path.moveTo(c[0].x(), c[0].y());
        for (int i = 1; i < 4; i++) {
            path.lineTo(c[i].x(), c[i].y());
        }
        path.closePath();
        g.setColor(color);
        float[] dash = {6 * scale, 4 * scale};
        g.setStroke(new BasicStroke(1.5f * scale, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, dash, 0));
        g.draw(path);
        Point top = r.toImage(0.5f, 0);
        Point inside = r.toImage(0.5f, 0.08f);
        g.setStroke(new BasicStroke(2 * scale));
        g.draw(new Line2D.Float(top.x(), top.y(), inside.x(), inside.y()));
        return this;
    }

    /** Tints each pixel towards {@code color} by its mask probability times {@code opacity}. */
    public AnnotatedImage mask(SegmentationMask mask, Color color, float opacity) {
        if (mask.width() != canvas.getWidth() || mask.height() != canvas.getHeight()) {
            throw new IllegalArgumentException("mask " + mask.width() + "x" + mask.height() + " does not match image "
                    + canvas.getWidth() + "x" + canvas.getHeight());
        }
        int[] px = ((DataBufferInt) canvas.getRaster().getDataBuffer()).getData();
        float[] m = mask.values();
        int cr = color.getRed();
        int cg = color.getGreen();
        int cb = color.getBlue();
        for (int i = 0; i < px.length; i++) {
            float a = Math.max(0, Math.min(1, m[i])) * opacity;
            if (a <= 0) {
                continue;
            }
            int p = px[i];
            int r = Math.round((p >> 16 & 0xFF) * (1 - a) + cr * a);
            int gg = Math.round((p >> 8 & 0xFF) * (1 - a) + cg * a);
            int b = Math.round((p & 0xFF) * (1 - a) + cb * a);
            px[i] = r << 16 | gg << 8 | b;
        }
        return this;
    }

    /** A hand: its region, skeleton and a "Left 0.97" caption at the wrist. */
    public AnnotatedImage hand(HandLandmarks hand) {
        rotatedRect(hand.roi(), Color.YELLOW);
        landmarks(hand.landmarks(), Skeletons.HAND, Color.WHITE, Color.RED, 3);
        Landmark wrist = hand.landmarks().get(0);
        return caption(String.format(Locale.ROOT, "%s %.2f", hand.handedness(), hand.handednessScore()),
                wrist.x(), wrist.y(), Color.YELLOW);
    }

    /** A pose: translucent mask (if any), region and skeleton. */
    public AnnotatedImage pose(PoseLandmarks pose) {
        if (pose.segmentation() != null) {
            mask(pose.segmentation(), new Color(0, 160, 255), 0.45f);
        }
        rotatedRect(pose.roi(), Color.YELLOW);
        return landmarks(pose.landmarks(), Skeletons.POSE, Color.WHITE, new Color(255, 64, 64), 3);
    }

    /** A face mesh: its region and 468 small dots. */
    public AnnotatedImage face(FaceLandmarks face) {
        rotatedRect(face.roi(), Color.YELLOW);
        return points(face.landmarks().stream().map(Landmark::point).toList(), new Color(0, 255, 128), 1f);
    }

    /** A text label with a background at (x, y). */
    public AnnotatedImage caption(String text, float x, float y, Color background) {
        FontMetrics fm = g.getFontMetrics();
        int tw = fm.stringWidth(text) + 6;
        int th = fm.getHeight();
        float cx = Math.max(0, Math.min(x, canvas.getWidth() - tw));
        float cy = Math.max(0, Math.min(y, canvas.getHeight() - th));
        g.setColor(background);
        g.fill(new Rectangle2D.Float(cx, cy, tw, th));
        g.setColor(textColorOn(background));
        g.drawString(text, cx + 3, cy + fm.getAscent());
        return this;
    }

    private static Color textColorOn(Color c) {
        return c.getRed() * 0.299 + c.getGreen() * 0.587 + c.getBlue() * 0.114 > 140 ? Color.BLACK : Color.WHITE;
    }

    /** The annotated image (live: later drawing calls change it). */
    public BufferedImage image() {
        return canvas;
    }

    /** Writes the annotated image as PNG. */
    public void writePng(Path file) throws IOException {
        if (!ImageIO.write(canvas, "png", file.toFile())) {
            throw new IOException("no PNG writer available for " + file);
        }
    }
}
