@testable import BreachKit
import Testing

@Suite struct StatementShapesTests {
    @Test(arguments: [
        (0, 32, [Int]()), (1, 32, [1]), (31, 16, [16, 8, 4, 2, 1]), (32, 32, [32]), (47, 32, [32, 8, 4, 2, 1]),
        (600, 256, [256, 256, 64, 16, 8]),
    ])
    func aBatchIsCoveredInOrderByTheLargestSizeThenHalvingOnes(count: Int, largest: Int, sizes: [Int]) {
        let runs = StatementShapes.runs(of: count, largest: largest)
        #expect(runs.map(\.count) == sizes)
        // Contiguous from 0 to count, nothing skipped or repeated
        #expect(runs.first?.lowerBound ?? 0 == 0 && runs.last?.upperBound ?? 0 == count)
        #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    }
}
