package io.torsion.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SvgChartTest {

    @Test
    void chartIsWellFormedSvgWithABarPerServerThatRan() throws Exception {
        String svg = new SvgChart(ReportFixtures.throughputRun()).draw("heading <with> & marks");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        // background + legend swatches (3) + 2 panels + 2 bars per panel
        assertEquals(1 + 3 + 2 + 4, doc.getElementsByTagName("rect").getLength());
        assertTrue(svg.contains("missing: unknown reactor epoll-lt"));
    }
}
